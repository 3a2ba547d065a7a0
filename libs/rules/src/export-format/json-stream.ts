/**
 * A streaming JSON reader: text is written in pieces of any size, and the document is reported a value at a time —
 * containers the caller descends into member by member, anything else whole (parsed by `JSON.parse` from its own
 * text, so only one value's text is held at once) — each with its JSON path. A value may instead be passed through
 * as it arrives (a string's decoded content, or a container's text), held nowhere. Problems are thrown as
 * `JsonSyntaxError` with the line and column of the file.
 */

export type JsonPath = readonly (string | number)[];
export type ContainerKind = 'object' | 'array';

/** Where a passed-through value goes, a piece at a time; `end` when the value is complete. */
export interface PieceSink {
  piece(text: string): void;
  end(): void;
}

export interface JsonStreamHandlers {
  /** Whether the container starting at `path` is read member by member; otherwise it is one value. */
  descend(path: JsonPath, kind: ContainerKind): boolean;
  /** A value read whole (never a descended container). */
  value(path: JsonPath, value: unknown): void;
  /** A descended container's end. */
  close?(path: JsonPath, kind: ContainerKind): void;
  /** A sink when the value at `path` is passed through rather than read: a string's content, decoded, or a container's text. */
  pass?(path: JsonPath, kind: 'string' | ContainerKind): PieceSink | undefined;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    what: string,
  ) {
    super(`Not valid JSON at line ${line}, column ${column}: ${what}`);
  }
}

const enum Expect {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  After,
  Done,
}

interface Frame {
  kind: ContainerKind;
  path: (string | number)[];
  /** The member being read: its key (objects) or index (arrays). */
  member: string | number;
}

/** A value whose end is being looked for: a key, a value read whole, or a passed-through one. */
interface Capture {
  role: 'key' | 'value' | 'pass';
  parts: string[];
  /** 0 for a string or literal on its own; the nesting inside a container. */
  depth: number;
  inString: boolean;
  escaped: boolean;
  literal: boolean;
  line: number;
  column: number;
  sink?: PieceSink;
  /** A passed string: its content is decoded as it goes (`pendingEscape` holds an escape cut by a piece's end). */
  decode: boolean;
  pendingEscape: string;
  /** Where, in the current piece, the capture's text not yet kept or passed on begins. */
  from: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export class JsonStreamReader {
  private readonly stack: Frame[] = [];
  private expect = Expect.Value;
  private capture: Capture | undefined;
  /** Characters read before the current piece, and the line and where it began. */
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly handlers: JsonStreamHandlers) {}

  write(text: string): void {
    let start = 0;
    if (this.offset === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
    for (let at = start; at < text.length; ) {
      at = this.capture === undefined ? this.structure(text, at) : this.continueCapture(text, at);
    }
    if (this.capture !== undefined) this.holdRest(text);
    this.offset += text.length;
  }

  end(): void {
    const capture = this.capture;
    if (capture?.literal === true) {
      this.capture = undefined;
      this.complete(capture, '');
    }
    if (this.capture !== undefined || this.expect !== Expect.Done) this.fail(this.offset, 'Unexpected end of JSON input');
  }

  private structure(text: string, at: number): number {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 9 || code === 13) return at + 1;
    if (code === NEWLINE) {
      this.newline(at);
      return at + 1;
    }
    const char = text[at];
    switch (this.expect) {
      case Expect.ValueOrClose:
        if (char === ']') return this.close(at, 'array');
        return this.startValue(text, at);
      case Expect.Value:
        return this.startValue(text, at);
      case Expect.KeyOrClose:
        if (char === '}') return this.close(at, 'object');
        return this.startKey(code, at);
      case Expect.Key:
        return this.startKey(code, at);
      case Expect.Colon:
        if (char !== ':') this.fail(this.offset + at, "Expected ':' after a field name");
        this.expect = Expect.Value;
        return at + 1;
      case Expect.After:
        return this.after(char, at);
      case Expect.Done:
        return this.fail(this.offset + at, 'Unexpected text after the JSON value');
    }
  }

  private startKey(code: number, at: number): number {
    if (code !== QUOTE) this.fail(this.offset + at, 'Expected a double-quoted field name');
    this.capture = this.newCapture('key', at, { inString: true });
    return at + 1;
  }

  private after(char: string, at: number): number {
    const frame = this.stack.at(-1);
    if (frame === undefined) return this.fail(this.offset + at, 'Unexpected text after the JSON value');
    if (char === ',') {
      if (frame.kind === 'array') {
        frame.member = (frame.member as number) + 1;
        this.expect = Expect.Value;
      } else this.expect = Expect.Key;
      return at + 1;
    }
    if (char === '}' || char === ']') return this.close(at, char === '}' ? 'object' : 'array');
    return this.fail(this.offset + at, `Expected ',' or '${frame.kind === 'array' ? ']' : '}'}'`);
  }

  private close(at: number, kind: ContainerKind): number {
    const frame = this.stack.pop();
    if (frame?.kind !== kind) this.fail(this.offset + at, `Unexpected '${kind === 'array' ? ']' : '}'}'`);
    this.handlers.close?.(frame.path, kind);
    this.afterValue();
    return at + 1;
  }

  private afterValue(): void {
    this.expect = this.stack.length === 0 ? Expect.Done : Expect.After;
  }

  private currentPath(): (string | number)[] {
    const frame = this.stack.at(-1);
    return frame === undefined ? [] : [...frame.path, frame.member];
  }

  private startValue(text: string, at: number): number {
    const char = text[at];
    const path = this.currentPath();
    if (char === '{' || char === '[') {
      const kind = char === '{' ? 'object' : 'array';
      if (this.handlers.descend(path, kind)) {
        this.stack.push({ kind, path, member: kind === 'array' ? 0 : '' });
        this.expect = kind === 'array' ? Expect.ValueOrClose : Expect.KeyOrClose;
        return at + 1;
      }
      const sink = this.handlers.pass?.(path, kind);
      this.capture = this.newCapture(sink ? 'pass' : 'value', at, { depth: 1, sink });
      return at + 1;
    }
    if (char === '"') {
      const sink = this.handlers.pass?.(path, 'string');
      this.capture = this.newCapture(sink ? 'pass' : 'value', at, { inString: true, sink, decode: sink !== undefined });
      return at + 1;
    }
    if (/[-0-9tfn]/.test(char)) {
      this.capture = this.newCapture('value', at, { literal: true });
      return at;
    }
    return this.fail(this.offset + at, `Unexpected character '${char}'`);
  }

  private newCapture(role: Capture['role'], at: number, shape: Partial<Capture>): Capture {
    const start = this.offset + at;
    const from = shape.decode === true ? at + 1 : at;
    return { role, parts: [], depth: 0, inString: false, escaped: false, literal: false, decode: false, pendingEscape: '', ...shape, from, line: this.line, column: start - this.lineStart + 1 };
  }

  /** Scans for the capture's end from `at`; answers where structure resumes, or the piece's length. */
  private continueCapture(text: string, at: number): number {
    const capture = this.capture as Capture;
    if (capture.decode) return this.decodeString(text, at, capture);
    if (capture.literal) {
      let end = at;
      while (end < text.length && /[-+.0-9a-zA-Z]/.test(text[end])) end++;
      if (end === text.length) return end;
      return this.finish(text, end);
    }
    let { depth, inString, escaped } = capture;
    for (let index = at; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) {
          inString = false;
          if (depth === 0) return this.finish(text, index + 1);
        }
        continue;
      }
      if (code === QUOTE) inString = true;
      else if (code === 123 || code === 91) depth++;
      else if (code === 125 || code === 93) {
        if (--depth === 0) return this.finish(text, index + 1);
      } else if (code === NEWLINE) this.newline(index);
    }
    capture.depth = depth;
    capture.inString = inString;
    capture.escaped = escaped;
    return text.length;
  }

  /** A passed string's content, decoded: plain runs are passed as slices, escapes one at a time. */
  private decodeString(text: string, at: number, capture: Capture): number {
    const sink = capture.sink as PieceSink;
    let index = at;
    if (capture.pendingEscape !== '') {
      while (index < text.length && !escapeComplete(capture.pendingEscape)) capture.pendingEscape += text[index++];
      if (!escapeComplete(capture.pendingEscape)) {
        capture.from = text.length;
        return text.length;
      }
      sink.piece(this.unescape(capture.pendingEscape, index));
      capture.pendingEscape = '';
    }
    let runStart = index;
    for (; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === QUOTE) {
        if (index > runStart) sink.piece(text.slice(runStart, index));
        this.capture = undefined;
        sink.end();
        this.afterValue();
        return index + 1;
      }
      if (code < 0x20) this.fail(this.offset + index, 'A control character in a string');
      if (code === BACKSLASH) {
        if (index > runStart) sink.piece(text.slice(runStart, index));
        let escape = '\\';
        index++;
        while (index < text.length && !escapeComplete(escape)) escape += text[index++];
        if (!escapeComplete(escape)) {
          capture.pendingEscape = escape;
          capture.from = text.length;
          return text.length;
        }
        sink.piece(this.unescape(escape, index));
        runStart = index;
        index--;
      }
    }
    if (index > runStart) sink.piece(text.slice(runStart, index));
    capture.from = text.length;
    return text.length;
  }

  private unescape(escape: string, at: number): string {
    const simple = ESCAPES[escape[1]];
    if (simple !== undefined) return simple;
    if (escape[1] === 'u' && /^\\u[0-9a-fA-F]{4}$/.test(escape)) return String.fromCharCode(parseInt(escape.slice(2), 16));
    return this.fail(this.offset + at - escape.length, `Bad escape '${escape}'`);
  }

  /** The rest of the piece belongs to an unfinished capture: kept (or passed on) until its end arrives. */
  private holdRest(text: string): void {
    const capture = this.capture as Capture;
    if (capture.from < text.length) {
      const rest = text.slice(capture.from);
      if (capture.role === 'pass') (capture.sink as PieceSink).piece(rest);
      else capture.parts.push(rest);
    }
    capture.from = 0;
  }

  private finish(text: string, end: number): number {
    const capture = this.capture as Capture;
    this.capture = undefined;
    this.complete(capture, text.slice(capture.from, end));
    return end;
  }

  private complete(capture: Capture, last: string): void {
    if (capture.role === 'pass') {
      const sink = capture.sink as PieceSink;
      if (last !== '') sink.piece(last);
      sink.end();
      this.afterValue();
      return;
    }
    const source = capture.parts.length === 0 ? last : capture.parts.join('') + last;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw locatedIn(source, capture, error);
    }
    if (capture.role === 'key') {
      (this.stack.at(-1) as Frame).member = value as string;
      this.expect = Expect.Colon;
      return;
    }
    this.handlers.value(this.currentPath(), value);
    this.afterValue();
  }

  private newline(index: number): void {
    this.line++;
    this.lineStart = this.offset + index + 1;
  }

  private fail(position: number, what: string): never {
    throw new JsonSyntaxError(this.line, position - this.lineStart + 1, what);
  }
}

function escapeComplete(escape: string): boolean {
  return escape.length >= 2 && (escape[1] !== 'u' || escape.length === 6);
}

/** `JSON.parse`'s complaint about one value, placed in the file by where the value began. */
function locatedIn(source: string, capture: Capture, error: unknown): JsonSyntaxError {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\(line \d+ column \d+\)/, '');
  const match = /position (\d+)/.exec(message);
  const position = match === null ? source.length : Number(match[1]);
  const before = source.slice(0, position);
  const newlines = before.split('\n').length - 1;
  const column = newlines === 0 ? capture.column + position : position - before.lastIndexOf('\n');
  return new JsonSyntaxError(capture.line + newlines, column, message.replace(/ in JSON at position \d+/, ''));
}

/** A value already parsed, reported to `handlers` as `JsonStreamReader` would report its text. */
export function walkJson(value: unknown, handlers: JsonStreamHandlers, path: (string | number)[] = []): void {
  const kind = Array.isArray(value) ? 'array' : typeof value === 'object' && value !== null ? 'object' : undefined;
  if (kind === undefined || !handlers.descend(path, kind)) return handlers.value(path, value);
  const members: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value as object);
  for (const [member, item] of members) walkJson(item, handlers, [...path, member]);
  handlers.close?.(path, kind);
}
