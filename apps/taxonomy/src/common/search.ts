/** `search` as a case-insensitive substring: LIKE's wildcards in it are matched literally. */
export function containsPattern(search: string | undefined): string | null {
  if (search === undefined || search.trim() === '') return null;
  return `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
