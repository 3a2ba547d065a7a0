import { utf8Length } from '@strata/contracts';
import { DEFAULT_MAX_EXPORT_BYTES, EXPORT_FORMAT_VERSION, type ExportEnvironment, type ExportFile, type ExportProblem, type ExportValidation } from '@strata/contracts/export';
import { ExportFileReader, type ReadOptions, type ReadResult, type ReadSections } from './file-reader';
import type { Problems } from './problems';
import { addReferenceProblems, type ParsedEnvironment } from './references';

/**
 * Validates an import file before any job starts (SPEC §6): syntax, size, version, every element against the
 * contracts' rules, then every cross-reference — and lists every problem with its JSON path. The file is read once,
 * element by element (`ExportFileReader`), so a large file validates in time linear in its size and is never held
 * as a parsed document besides its validated elements.
 */

export type ValidateExportOptions = Omit<ReadOptions, 'environmentsOnly'>;

/** Problems past this many are summed up in one last entry, so a broken 10 MB file does not answer 10 MB. */
export const MAX_LISTED_PROBLEMS = 1_000;

/** `input`: the file's text (a string or UTF-8 bytes) or a value already parsed. */
export function validateExportFile(input: unknown, options: ValidateExportOptions = {}): ExportValidation {
  return validated(read(input, options));
}

/**
 * The environments of a file already validated whole (at the edge, once): their names and settings as
 * `validateExportFile` gives them, their lists left empty and the other sections too — what an import job needs of
 * the file besides handing its text on, without checking every element again.
 */
export function validatedEnvironments(input: unknown, options: ValidateExportOptions = {}): ExportValidation {
  return validated(read(input, { ...options, environmentsOnly: true }));
}

/** The problems of a file read with `checkOnly` (none: it may be imported). */
export function problemsOf(result: ReadResult): ExportProblem[] {
  const validation = validated(result);
  return validation.ok ? [] : validation.problems;
}

/** A reader's result as the validation answers it: with the cross-references checked and the file assembled. */
export function validated(result: ReadResult): ExportValidation {
  if (!result.ok) return result;
  const { sections, problems } = result;
  addReferenceProblems(sections, problems);
  if (problems.list.length > 0) return { ok: false, problems: capped(problems) };
  return { ok: true, file: assemble(sections) };
}

/** Pieces of this many characters are written to the reader: text already whole is read as if it arrived. */
const PIECE_CHARS = 1024 * 1024;

function read(input: unknown, options: ReadOptions): ReadResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EXPORT_BYTES;
  const reader = new ExportFileReader({ ...options, maxBytes: Number.MAX_SAFE_INTEGER });
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    reader.readParsed(input);
    return reader.end();
  }
  const bytes = typeof input === 'string' ? utf8Length(input) : input.byteLength;
  if (bytes > maxBytes) return refused(`The file is ${bytes} bytes; at most ${maxBytes} are accepted.`);
  const text = typeof input === 'string' ? input : decode(input);
  if (text === undefined) return refused('The file is not UTF-8 text.');
  for (let start = 0; start < text.length; start += PIECE_CHARS) {
    if (!reader.write(text.slice(start, start + PIECE_CHARS))) break;
  }
  return reader.end();
}

function refused(detail: string): ReadResult {
  return { ok: false, problems: [{ path: '', detail }] };
}

function decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function capped({ list }: Problems): ExportProblem[] {
  if (list.length <= MAX_LISTED_PROBLEMS) return list;
  return [...list.slice(0, MAX_LISTED_PROBLEMS), { path: '', detail: `${list.length - MAX_LISTED_PROBLEMS} more problems are not listed.` }];
}

/** Only called without problems: every element parsed. */
function assemble(sections: ReadSections): ExportFile {
  const all = <T>(items: (T | undefined)[]): T[] => items as T[];
  return {
    version: EXPORT_FORMAT_VERSION,
    exported_at: sections.exportedAt as string,
    tags: all(sections.tags),
    segments: all(sections.segments),
    features: all(sections.features),
    environments: sections.environments.map(assembleEnvironment),
  };
}

function assembleEnvironment({ core, feature_states, feature_segments, identity_overrides }: ParsedEnvironment): ExportEnvironment {
  const { feature_states: _states, feature_segments: _segments, identity_overrides: _overrides, ...settings } = core as NonNullable<typeof core>;
  return {
    ...settings,
    feature_states: feature_states as ExportEnvironment['feature_states'],
    feature_segments: feature_segments as ExportEnvironment['feature_segments'],
    ...(identity_overrides === undefined ? {} : { identity_overrides: identity_overrides as NonNullable<ExportEnvironment['identity_overrides']> }),
  };
}
