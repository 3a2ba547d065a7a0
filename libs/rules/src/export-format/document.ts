import { isStorableText, MAX_JSON_DEPTH, utf8Length } from '@strata/contracts';
import type { ExportProblem } from '@strata/contracts/export';
import type { Problems } from './problems';

/**
 * The JSON document of an import: text (a string or bytes) is measured and parsed here, so a broken or oversized
 * file is refused with one problem before anything else is looked at.
 */

/** `owned`: the value was parsed here from text, so nobody else holds it and the validator may replace its parts. */
export type Document = { ok: true; value: unknown; owned: boolean } | { ok: false; problems: ExportProblem[] };

export function readDocument(input: unknown, maxBytes: number): Document {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return { ok: true, value: input, owned: false };
  const bytes = typeof input === 'string' ? utf8Length(input) : input.byteLength;
  if (bytes > maxBytes) return refuse(`The file is ${bytes} bytes; at most ${maxBytes} are accepted.`);
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decode(input);
  if (text === undefined) return refuse('The file is not UTF-8 text.');
  try {
    return { ok: true, value: JSON.parse(text), owned: true };
  } catch (error) {
    return refuse(syntaxDetail(text, error));
  }
}

function refuse(detail: string): Document {
  return { ok: false, problems: [{ path: '', detail }] };
}

function decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The parser's message, with the line and column of its position when it names one. */
export function syntaxDetail(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/line \d+ column \d+/.test(message)) return `Not valid JSON: ${message}`;
  const match = /position (\d+)/.exec(message);
  const position = match === null ? (/end of JSON input/.test(message) ? text.length : undefined) : Number(match[1]);
  if (position === undefined) return `Not valid JSON: ${message}`;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `Not valid JSON at line ${line}, column ${column}: ${message}`;
}

/**
 * Every string (and key) Postgres could not store, and any nesting past `MAX_JSON_DEPTH`, with its path. The path is
 * one stack, pushed and popped, so walking a large file allocates nothing per value.
 */
export function addTextProblems(value: unknown, problems: Problems, path: (string | number)[] = []): void {
  if (typeof value === 'string') {
    if (!isStorableText(value)) problems.add(path, 'Text Postgres cannot store (a NUL character or an unpaired surrogate).');
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (path.length >= MAX_JSON_DEPTH) return problems.add(path, `Nested deeper than ${MAX_JSON_DEPTH} levels.`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) visit(value[index], index, problems, path);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!isStorableText(key)) problems.add([...path, key], 'A field name Postgres cannot store.');
    visit((value as Record<string, unknown>)[key], key, problems, path);
  }
}

function visit(value: unknown, step: string | number, problems: Problems, path: (string | number)[]): void {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return;
  path.push(step);
  addTextProblems(value, problems, path);
  path.pop();
}
