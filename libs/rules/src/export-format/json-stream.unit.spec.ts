import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportValidation } from '@strata/contracts/export';
import { ExportFileReader, JsonStreamReader, problemsOf, validated, validateExportFile, type JsonPath } from './index';

/**
 * The streaming reader an import file is read with, once (SPEC §6): whatever pieces the text arrives in, it reports
 * the same values with the same paths, the validation answers what validating the parsed document answers, and
 * broken JSON is placed by line and column.
 */

const seedText = readFileSync(join(__dirname, 'fixtures', 'seed-example.json'), 'utf8');

function inPieces(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

function readInPieces(text: string, size: number, maxBytes = Number.MAX_SAFE_INTEGER): ExportValidation {
  const reader = new ExportFileReader({ maxBytes });
  for (const piece of inPieces(text, size)) if (!reader.write(piece)) break;
  return validated(reader.end());
}

/** Files with problems of every kind: text read in pieces must list the problems the parsed document lists. */
const broken = (): unknown[] => {
  const seed = () => JSON.parse(seedText);
  const files = [seed(), seed(), seed(), seed()];
  files[0].features.push({ name: 'bad name!', tags: ['nope'], extra: 1 });
  files[1].environments[0].feature_states.push({ feature: 'missing', enabled: 'yes' });
  files[1].environments[0].minimum_change_request_approvals = -1;
  files[2].segments[0].description = 'a\u0000b';
  files[2].environments[1].feature_segments = 5;
  files[3].tags = { not: 'a list' };
  files[3].environments.push('not an environment');
  files[0].environments[0].feature_states[0].multivariate_feature_state_values = [{ multivariate_feature_option: 9, percentage_allocation: 10 }];
  files[0].environments[0].feature_segments[0] = { ...files[0].environments[0].feature_segments[0], segment: 'nowhere' };
  return files;
};

describe('reading an import file as a stream', () => {
  it('answers what validating the parsed document answers, in pieces of any size', () => {
    for (const file of [JSON.parse(seedText), ...broken()]) {
      const whole = validateExportFile(file);
      const text = JSON.stringify(file, null, 2);
      for (const size of [1, 7, 4096]) expect(readInPieces(text, size)).toEqual(whole);
      // A check only (the request's, before a job) keeps less of each list entry and finds the same problems.
      const checking = new ExportFileReader({ checkOnly: true });
      checking.write(text);
      expect(problemsOf(checking.end())).toEqual(whole.ok ? [] : whole.problems);
    }
    expect(validateExportFile(seedText).ok).toBe(true);
  });

  it('places broken JSON by line and column wherever the pieces are cut', () => {
    const cases: [string, RegExp][] = [
      ['{\n  "version": 1,\n}', /^Not valid JSON at line 3, column 1/],
      ['{"version": 1, "features": [\n  {"name": tru}\n]}', /^Not valid JSON at line 2, column \d+/],
      ['{"version": 1', /^Not valid JSON at line 1, column 14: Unexpected end of JSON input/],
      ['{"version": 1} {}', /^Not valid JSON at line 1, column 16: Unexpected text after the JSON value/],
      ['', /^Not valid JSON at line 1, column 1/],
    ];
    for (const [text, detail] of cases) {
      for (const size of [1, 3, 1000]) {
        expect(readInPieces(text, size)).toEqual({ ok: false, problems: [{ path: '', detail: expect.stringMatching(detail) }] });
      }
    }
  });

  it('refuses a file as soon as it passes the limit, without reading the rest', () => {
    const reader = new ExportFileReader({ maxBytes: 100 });
    const accepted = inPieces(seedText, 40).map((piece) => reader.write(piece));
    expect(accepted.slice(0, 3)).toEqual([true, true, false]);
    expect(accepted.slice(3).every((ok) => !ok)).toBe(true);
    expect(reader.end()).toEqual({ ok: false, problems: [{ path: '', detail: 'The file is over 100 bytes, the most accepted.' }] });
  });

  it('reports values with their paths, and passes a string or a container through piece by piece', () => {
    const envelope = '{"strategy": "SKIP", "data": {"a": [1, "}\\"]"]}, "text": "a\\u00e9\\n\\"b\\\\😀", "n": -1.5e3, "ok": true}';
    for (const size of [1, 2, 5, 1000]) {
      const values: [JsonPath, unknown][] = [];
      const passed: Record<string, string> = {};
      const reader = new JsonStreamReader({
        descend: (path) => path.length === 0,
        value: (path, value) => values.push([path, value]),
        pass: (path) => {
          if (path[0] !== 'data' && path[0] !== 'text') return undefined;
          const name = path[0];
          passed[name] = '';
          return { piece: (text) => (passed[name] += text), end: () => (passed[name] += '|end') };
        },
      });
      for (const piece of inPieces(envelope, size)) reader.write(piece);
      reader.end();
      expect(values).toEqual([
        [['strategy'], 'SKIP'],
        [['n'], -1500],
        [['ok'], true],
      ]);
      expect(passed).toEqual({ data: '{"a": [1, "}\\"]"]}|end', text: 'aé\n"b\\😀|end' });
    }
  });
});
