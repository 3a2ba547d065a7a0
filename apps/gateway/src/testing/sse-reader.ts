/** One block of an event stream as sent: its fields, comments included (a heartbeat is a comment). */
export interface SentBlock {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * An event stream read as bytes, for what an EventSource hides: the status and body of a refusal, comments
 * (heartbeats), an `id:` without data, the end of the stream.
 */
export class SseReader {
  readonly blocks: SentBlock[] = [];
  ended = false;
  private buffer = '';
  private readonly abort = new AbortController();

  /** Opens `url`: a reader of its stream, or a refusal's `{status, body}` read whole. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader | { status: number; body: Record<string, unknown> }> {
    const reader = new SseReader();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: reader.abort.signal });
    if (response.status !== 200 || response.body === null) return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    void reader.read(response.body);
    return reader;
  }

  /** The blocks of events with data (what an EventSource dispatches). */
  get events(): SentBlock[] {
    return this.blocks.filter((block) => block.data !== undefined);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) this.take(decoder.decode(chunk, { stream: true }));
    } catch {
      // Closed by this side.
    }
    this.ended = true;
  }

  private take(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block: SentBlock = {};
      for (const line of this.buffer.slice(0, end).split('\n')) {
        const colon = line.indexOf(':');
        const [field, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
        if (field === '') block.comment = value;
        else if (field === 'id' || field === 'event' || field === 'data') block[field] = value;
      }
      this.blocks.push(block);
      this.buffer = this.buffer.slice(end + 2);
    }
  }
}
