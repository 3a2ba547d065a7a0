import { JsonText } from '@strata/contracts';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

/**
 * How a reply carries `JsonText` fields (a page's items) without escaping them into a JSON string or parsing them
 * again: their bytes are spliced into the reply's JSON where the field stands, so the body stays the JSON any client
 * reads, and this header names each field with its byte range (`results=120-583211`) so `RpcClient` cuts the bytes
 * out and parses only the small envelope around them.
 */
export const JSON_TEXT_HEADER = 'strata-json-text';

/** Stands for a field while the envelope is stringified: NUL is refused in every stored text, so no value holds it. */
const marker = (index: number) => `\u0000json-text-${index}\u0000`;
const markedInJson = (index: number) => JSON.stringify(marker(index));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface EncodedBody {
  data: Uint8Array;
  headers?: MsgHdrs;
}

/**
 * `JSON.stringify(body)` with the `JsonText` fields of `container` (the reply's response, one of `body`'s values or
 * `body` itself) written as their bytes, as they are.
 */
export function encodeWithJsonText(body: unknown, container: unknown): EncodedBody {
  const fields = jsonTextFields(container);
  if (fields.length === 0) return { data: encoder.encode(JSON.stringify(body) ?? 'null') };
  const indexOf = new Map(fields.map(([name], index) => [name, index]));
  // The container is swapped for a copy whose JsonText fields are markers; a body that is the container is the copy.
  const marked = Object.fromEntries(
    Object.entries(container as object).map(([name, value]) => {
      const index = indexOf.get(name);
      return [name, index === undefined ? value : marker(index)];
    }),
  );
  const envelope = JSON.stringify(body === container ? marked : replaceValue(body, container, marked));
  const pieces: Uint8Array[] = [];
  const ranges: string[] = [];
  let at = 0;
  let offset = 0;
  fields.forEach(([name, text], index) => {
    const found = envelope.indexOf(markedInJson(index), at);
    const before = encoder.encode(envelope.slice(at, found));
    const bytes = text.bytes;
    pieces.push(before, bytes);
    offset += before.length;
    ranges.push(`${name}=${offset}-${offset + bytes.length}`);
    offset += bytes.length;
    at = found + markedInJson(index).length;
  });
  pieces.push(encoder.encode(envelope.slice(at)));
  const headers = natsHeaders();
  headers.set(JSON_TEXT_HEADER, ranges.join(','));
  return { data: Buffer.concat(pieces), headers };
}

/**
 * The reply's JSON, its `JsonText` fields (named by the header) left as bytes: the envelope around them is parsed with
 * `null` in their place, and `at(parsed)` names the object they belong in.
 */
export function decodeWithJsonText(data: Uint8Array, headers: MsgHdrs | undefined, at: (parsed: unknown) => unknown): unknown {
  const ranges = headers?.get(JSON_TEXT_HEADER);
  if (!ranges) return JSON.parse(decoder.decode(data));
  const fields = ranges.split(',').map((range) => {
    const [name, span] = range.split('=');
    const [start, end] = span.split('-').map(Number);
    return { name, start, end };
  });
  let envelope = '';
  let from = 0;
  for (const { start, end } of fields) {
    envelope += `${decoder.decode(data.subarray(from, start))}null`;
    from = end;
  }
  const parsed: unknown = JSON.parse(envelope + decoder.decode(data.subarray(from)));
  const container = at(parsed);
  if (typeof container === 'object' && container !== null) {
    // Copied out of the message: the text outlives the callback that received it.
    for (const { name, start, end } of fields) Object.assign(container, { [name]: JsonText.fromBytes(data.slice(start, end)) });
  }
  return parsed;
}

/** A part's headers with the reply's JSON text ranges added (every part of a reply in parts carries them). */
export function withJsonTextRanges(part: MsgHdrs | undefined, reply: MsgHdrs | undefined): MsgHdrs | undefined {
  const ranges = reply?.get(JSON_TEXT_HEADER);
  if (!ranges) return part;
  const headers = part ?? natsHeaders();
  headers.set(JSON_TEXT_HEADER, ranges);
  return headers;
}

function jsonTextFields(container: unknown): Array<[string, JsonText<unknown>]> {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return [];
  return Object.entries(container).filter((entry): entry is [string, JsonText<unknown>] => entry[1] instanceof JsonText);
}

function replaceValue(body: unknown, value: unknown, by: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([name, field]) => [name, field === value ? by : field]));
}
