const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A value already serialised as JSON: written once where it is read and carried as it is — request/reply puts its
 * bytes into the reply unescaped and hands them on unparsed, and the gateway splices them into its HTTP body — so a
 * large list is never parsed or re-encoded on the way to the client. Holds the text, its UTF-8 bytes or both, each
 * made from the other only when asked for. `toJSON` answers the value itself, so anything that stringifies a message
 * holding one still writes the right JSON (at the cost the text saves).
 */
export class JsonText<T> {
  private constructor(
    private text: string | undefined,
    private utf8: Uint8Array | undefined,
  ) {}

  /** `value` serialised once. */
  static of<T>(value: T): JsonText<T> {
    return new JsonText<T>(JSON.stringify(value), undefined);
  }

  /** A list whose items were each serialised on their own (`JSON.stringify` of each, in order). */
  static ofItems<T>(items: readonly string[]): JsonText<T[]> {
    return new JsonText<T[]>(`[${items.join(',')}]`, undefined);
  }

  /** Text known to be the JSON of a `T` (built by Postgres, or read from a reply). */
  static fromText<T>(text: string): JsonText<T> {
    return new JsonText<T>(text, undefined);
  }

  /** UTF-8 bytes known to be the JSON of a `T`. */
  static fromBytes<T>(bytes: Uint8Array): JsonText<T> {
    return new JsonText<T>(undefined, bytes);
  }

  get json(): string {
    this.text ??= decoder.decode(this.utf8);
    return this.text;
  }

  get bytes(): Uint8Array {
    this.utf8 ??= encoder.encode(this.text);
    return this.utf8;
  }

  /** The value itself: for a reader that needs the items (a spec, another service), never on the way to a client. */
  parse(): T {
    return JSON.parse(this.json) as T;
  }

  toJSON(): T {
    return this.parse();
  }
}
