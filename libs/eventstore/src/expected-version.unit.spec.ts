import { versionMatches } from './expected-version';

describe('versionMatches', () => {
  it.each([
    ['any', 0, true],
    ['any', 7, true],
    ['no_stream', 0, true],
    ['no_stream', 1, false],
    ['stream_exists', 0, false],
    ['stream_exists', 3, true],
    [0, 0, true],
    [3, 3, true],
    [3, 4, false],
    [4, 3, false],
  ] as const)('expected %p at version %p → %p', (expected, actual, matches) => {
    expect(versionMatches(expected, actual)).toBe(matches);
  });
});
