import { Logger } from '@nestjs/common';
import { NotFoundError } from '@strata/contracts';
import { decodeRequest, encodeReply, toWireError } from './rpc-codec';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
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

  it('passes Strata errors through and hides everything else behind an InternalError', () => {
    expect(toWireError(new NotFoundError(), silent, 's')).toMatchObject({ status: 404, code: 'not_found' });
    expect(toWireError(new NotFoundError().toWire(), silent, 's')).toMatchObject({ status: 404 });
    expect(toWireError(new TypeError('x is undefined'), silent, 's')).toEqual({ status: 500, type: 'server_error', code: 'error', detail: 'Internal server error.', attr: null });
    expect(toWireError({ status: 'error', message: 'Internal server error' }, silent, 's')).toMatchObject({ status: 500 });
  });
});
