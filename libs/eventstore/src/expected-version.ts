import type { ExpectedVersion } from './types';

/** Whether a stream at `actual` (0 = no stream) satisfies what the command expected. */
export function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return expected === actual;
  }
}

