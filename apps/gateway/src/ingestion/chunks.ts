/** A run of a batch's events that fits one NATS message, with where each event stood in the batch. */
export interface Chunk {
  events: unknown[];
  positions: number[];
}

export interface Split {
  chunks: Chunk[];
  /** Events that alone are larger than one message: answered `event_too_large` where they stood. */
  oversized: number[];
}

/**
 * Splits a batch into chunks of at most `budgetBytes` of JSON each, keeping order. A batch of 10,000 events can be
 * several megabytes while a NATS server takes 1 MB per message by default; the mapper answers each chunk and the
 * results are put back in the batch's order.
 */
export function splitBySize(events: readonly unknown[], budgetBytes: number): Split {
  const chunks: Chunk[] = [];
  const oversized: number[] = [];
  let current: Chunk = { events: [], positions: [] };
  let used = 0;
  events.forEach((event, position) => {
    const size = Buffer.byteLength(JSON.stringify(event) ?? 'null') + 1;
    if (size > budgetBytes) return void oversized.push(position);
    if (used + size > budgetBytes && current.events.length > 0) {
      chunks.push(current);
      current = { events: [], positions: [] };
      used = 0;
    }
    current.events.push(event);
    current.positions.push(position);
    used += size;
  });
  if (current.events.length > 0 || chunks.length === 0) chunks.push(current);
  return { chunks, oversized };
}

/** The chunks' results back in the batch's order, with `filler` where an oversized event stood. */
export function reassemble<Result>(total: number, chunks: readonly Chunk[], answers: readonly Result[][], filler: Result): Result[] {
  const results = new Array<Result>(total).fill(filler);
  chunks.forEach((chunk, i) => chunk.positions.forEach((position, j) => (results[position] = answers[i][j])));
  return results;
}
