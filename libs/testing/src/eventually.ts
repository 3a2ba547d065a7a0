/**
 * Retries `check` until it stops throwing: for effects that arrive asynchronously through NATS. The deadline only
 * bounds a failure; a passing check returns at once, so it is generous — CI machines are busy.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
