/** Names compare case-insensitively wherever they must be unique. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
