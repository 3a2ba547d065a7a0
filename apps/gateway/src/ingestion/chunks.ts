/** A run of a batch's events that fits one NATS message, with where each event stood in the batch. */
export interface Chunk {
  events: unknown[];
  positions: number[];
}

/**
 * Splits what is left of a batch, once the events answered at the edge (`answered`) are set aside, into chunks of at
 * most `budgetBytes` of JSON each, keeping order. A batch of 10,000 events can be several megabytes while a NATS
 * server takes 1 MB per message by default; the mapper answers each chunk and `reassemble` puts the results back in the
 * batch's order. An event that alone is larger than a message is answered `tooLarge` where it stood.
 */
export function splitBySize<Result>(events: readonly unknown[], budgetBytes: number, answered: Map<number, Result>, tooLarge: Result): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { events: [], positions: [] };
  let used = 0;
  events.forEach((event, position) => {
    if (answered.has(position)) return;
    const size = Buffer.byteLength(JSON.stringify(event) ?? 'null') + 1;
    if (size > budgetBytes) return void answered.set(position, tooLarge);
    if (used + size > budgetBytes && current.events.length > 0) {
      chunks.push(current);
      current = { events: [], positions: [] };
      used = 0;
    }
    current.events.push(event);
    current.positions.push(position);
    used += size;
  });
  if (current.events.length > 0) chunks.push(current);
  return chunks;
}

/** The chunks' results and the edge's own answers, back in the batch's order. */
export function reassemble<Result>(total: number, chunks: readonly Chunk[], answers: readonly Result[][], answered: ReadonlyMap<number, Result>): Result[] {
  const results = new Array<Result>(total);
  for (const [position, result] of answered) results[position] = result;
  chunks.forEach((chunk, i) => chunk.positions.forEach((position, j) => (results[position] = answers[i][j])));
  return results;
}
