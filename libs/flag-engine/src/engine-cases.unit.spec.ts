import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, type EvaluationContext, type EvaluationResult } from './index';

// The public engine cases (Flagsmith/engine-test-data v3.9.0) live beside the repository, in ../shared: CI copies them there.
const CASES = path.resolve(__dirname, '../../../../shared/flag-engine-cases/test_cases');

/** Cases this engine cannot pass, with the reason (also in the README). None today. */
const SKIPPED: Record<string, string> = {};

interface EngineCase {
  context: EvaluationContext;
  result: EvaluationResult;
}

/** A case file is JSON, or JSON5 whose only extension is `//` comments before the data: those lines are dropped. */
function readCase(file: string): EngineCase {
  const text = readFileSync(path.join(CASES, file), 'utf8');
  const json = file.endsWith('.jsonc') ? text.replace(/^\s*\/\/.*$/gm, '') : text;
  return JSON.parse(json) as EngineCase;
}

if (!existsSync(CASES)) throw new Error(`The engine cases are missing: expected them in ${CASES} (shared/ beside the repository).`);
const files = readdirSync(CASES)
  .filter((file) => /\.jsonc?$/.test(file))
  .sort();

describe('the flag engine on the public engine cases', () => {
  it('finds every case', () => {
    expect(files).toHaveLength(199);
  });

  it.each(files.filter((file) => !(file in SKIPPED)))('%s', (file) => {
    const { context, result } = readCase(file);
    expect(evaluate(context)).toEqual(result);
  });
});
