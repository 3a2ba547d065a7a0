/**
 * `count` results of `fetch(0…count-1)`, yielded in order while up to `inFlight` of the next are already asked for:
 * round trips to a service that is mostly waiting overlap, and at most `inFlight` results are held beyond what the
 * consumer has taken. A failed fetch ends the iteration with its error when its turn comes (the others settle unseen).
 */
export async function* aheadInOrder<T>(count: number, fetch: (index: number) => Promise<T>, inFlight: number): AsyncGenerator<T> {
  const ahead: Promise<T>[] = [];
  let next = 0;
  const fill = () => {
    while (next < count && ahead.length < inFlight) {
      const result = fetch(next++);
      result.catch(() => undefined);
      ahead.push(result);
    }
  };
  fill();
  while (ahead.length > 0) {
    const result = await (ahead.shift() as Promise<T>);
    fill();
    yield result;
  }
}
