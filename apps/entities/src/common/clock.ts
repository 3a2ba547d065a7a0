/** Timestamps travel in events as ISO-8601 strings. */
export function now(): string {
  return new Date().toISOString();
}
