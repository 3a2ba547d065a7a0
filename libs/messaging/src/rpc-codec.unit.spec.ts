import { Logger } from '@nestjs/common';
import { JsonText, NotFoundError } from '@strata/contracts';
import { JSON_TEXT_HEADER, withJsonTextRanges } from './json-text-codec';
import { ReplyAssembly, replyParts } from './rpc-reply-parts';
import { decodeReply, decodeRequest, encodeReply, toWireError } from './rpc-codec';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = ({ data }: { data: Uint8Array }) => new TextDecoder().decode(data);
const silent = new Logger('spec');
silent.error = () => undefined;

describe('RPC codec', () => {
  it("tells Nest's request and event envelopes from raw payloads", () => {
    expect(decodeRequest(encode('{"pattern":"x.y","data":{"a":1},"id":"7"}'))).toEqual({ kind: 'nest', id: '7', data: { a: 1 } });
    expect(decodeRequest(encode('{"pattern":"x.y","data":{"a":1}}'))).toEqual({ kind: 'nest-event', data: { a: 1 } });
    expect(decodeRequest(encode('{"events":[],"data":1}'))).toEqual({ kind: 'raw', data: { events: [], data: 1 } });
    expect(decodeRequest(encode('[1,2]'))).toEqual({ kind: 'raw', data: [1, 2] });
    expect(decodeRequest(new Uint8Array())).toEqual({ kind: 'raw', data: undefined });
    expect(decodeRequest(encode('{"events":'))).toMatchObject({ kind: 'invalid' });
  });

  it('answers a Nest request in the envelope and a raw one bare', () => {
    const nest = { kind: 'nest', id: '7', data: null } as const;
    const raw = { kind: 'raw', data: null } as const;
    const err = new NotFoundError().toWire();

    expect(JSON.parse(decode(encodeReply(nest, { response: { ok: true } })))).toEqual({ id: '7', response: { ok: true }, isDisposed: true });
    expect(JSON.parse(decode(encodeReply(nest, { err })))).toEqual({ id: '7', err, isDisposed: true });
    expect(decode(encodeReply(raw, { response: { ok: true } }))).toBe('{"ok":true}');
    expect(JSON.parse(decode(encodeReply(raw, { err })))).toEqual(err);
    expect(decode(encodeReply(raw, { response: undefined }))).toBe('null');
  });

  it('carries JSON text fields as their bytes: valid JSON for any reader, handed on unparsed by decodeReply', () => {
    const nest = { kind: 'nest', id: '7', data: null } as const;
    const items = [{ name: 'ü "quoted"', n: 1 }, { name: 'b', n: 2 }];
    const reply = encodeReply(nest, { response: { count: 2, results: JsonText.of(items), after: 'x' } });
    expect(JSON.parse(decode(reply))).toEqual({ id: '7', response: { count: 2, results: items, after: 'x' }, isDisposed: true });
    const range = reply.headers?.get(JSON_TEXT_HEADER) ?? '';
    expect(range).toMatch(/^results=\d+-\d+$/);
    const packet = decodeReply(reply.data, reply.headers);
    expect(packet).toMatchObject({ id: '7', response: { count: 2, after: 'x' } });
    const results = (packet.response as { results: JsonText<typeof items> }).results;
    expect(results).toBeInstanceOf(JsonText);
    expect(results.json).toBe(JSON.stringify(items));
    // A raw request gets the same JSON, bare.
    expect(JSON.parse(decode(encodeReply({ kind: 'raw', data: null }, { response: { count: 2, results: JsonText.of(items) } })))).toEqual({ count: 2, results: items });
    // Without JSON text there is no header: the reply is what it always was.
    expect(encodeReply(nest, { response: { ok: true } }).headers).toBeUndefined();
  });

  it('finds the JSON text of a reply that travelled in parts: every part says where it lies', () => {
    const items = Array.from({ length: 200 }, (_, n) => ({ n, name: `item ${n} ü` }));
    const reply = encodeReply({ kind: 'nest', id: '9', data: null }, { response: { count: 200, results: JsonText.of(items) } });
    const parts = replyParts(reply.data, 1000).map((part) => ({ data: part.data, headers: withJsonTextRanges(part.headers, reply.headers) }));
    expect(parts.length).toBeGreaterThan(3);
    const assembly = new ReplyAssembly();
    const last = parts[parts.length - 1];
    const whole = [...parts.slice(0, -1), last].map((part) => assembly.add(part.headers?.get('Strata-Reply-Part') ?? '', part.data)).pop();
    const packet = decodeReply(whole ?? new Uint8Array(), last.headers);
    expect((packet.response as { results: JsonText<typeof items> }).results.parse()).toEqual(items);
  });

  it('passes Strata errors through and hides everything else behind an InternalError', () => {
    expect(toWireError(new NotFoundError(), silent, 's')).toMatchObject({ status: 404, code: 'not_found' });
    expect(toWireError(new NotFoundError().toWire(), silent, 's')).toMatchObject({ status: 404 });
    expect(toWireError(new TypeError('x is undefined'), silent, 's')).toEqual({ status: 500, type: 'server_error', code: 'error', detail: 'Internal server error.', attr: null });
    expect(toWireError({ status: 'error', message: 'Internal server error' }, silent, 's')).toMatchObject({ status: 500 });
  });
});
