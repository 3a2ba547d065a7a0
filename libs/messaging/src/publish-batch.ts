/**
 * Holds a connection's publishes until the end of the event-loop turn and sends them together.
 *
 * nats.js writes its buffer to the socket one microtask after a publish, so each request or reply made from its own
 * I/O callback (an HTTP request, a Postgres answer) is one `write` to nats-server: under the gateway benchmark those
 * writes were a fifth of the gateway's and of the projects service's CPU profiles, and every write wakes nats-server.
 * Publishing from `setImmediate` lets every callback of one poll phase share one write (measured: ~20 requests per
 * write in the gateway); the wait is the rest of the current turn, not a timer. Measured: a lone round trip pays
 * ~3 µs for it (one-event `ingestion.resolve` p50 0.199 → 0.202 ms). Publishing at once when nothing else was in
 * flight was tried and cost the gateway benchmark ~5%: under load a service often holds one request at a time, and
 * its answers still share writes with the next ones of the same turn.
 */
export class PublishBatch {
  private queued: Array<() => void> = [];
  private scheduled = false;

  /** `publish` runs at the end of this turn (or at `flush()`); it must catch its own errors. */
  send(publish: () => void): void {
    this.queued.push(publish);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Publishes what is queued now: called at the end of the turn, and before the connection drains. */
  readonly flush = (): void => {
    this.scheduled = false;
    const queued = this.queued;
    this.queued = [];
    for (const publish of queued) publish();
  };
}
