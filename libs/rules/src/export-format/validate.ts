import type { z } from 'zod';
import { addTextProblems, readDocument } from './document';
import { DEFAULT_MAX_EXPORT_BYTES, EXPORT_FORMAT_VERSION, type ExportEnvironment, type ExportFile, type ExportProblem, type ExportValidation } from '@strata/contracts/export';
import { parseAt, Problems, type Path } from './problems';
import { addReferenceProblems, type ParsedEnvironment, type Sections } from './references';
import { environmentSchema, featureSchema, featureSegmentSchema, featureStateSchema, fileSchema, identityOverrideEntrySchema, segmentSchema, tagSchema } from './schemas';

/**
 * Validates an import file before any job starts (SPEC §6): syntax, size, version, every element against the
 * contracts' rules, then every cross-reference — and lists every problem with its JSON path. One pass per section,
 * so a large file validates in time linear in its size.
 */

export interface ValidateExportOptions {
  /** Text larger than this is refused (default 64 MiB); an already parsed value is measured by whoever parsed it. */
  maxBytes?: number;
}

/** Problems past this many are summed up in one last entry, so a broken 10 MB file does not answer 10 MB. */
export const MAX_LISTED_PROBLEMS = 1_000;

export function validateExportFile(input: unknown, options: ValidateExportOptions = {}): ExportValidation {
  const document = readDocument(input, options.maxBytes ?? DEFAULT_MAX_EXPORT_BYTES);
  if (!document.ok) return document;
  const root = document.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return refused('', 'An export file is a JSON object.');
  const version = (root as Record<string, unknown>).version;
  if (version !== EXPORT_FORMAT_VERSION) {
    return refused('version', `Only version ${EXPORT_FORMAT_VERSION} files can be imported; this one has ${JSON.stringify(version) ?? 'none'}.`);
  }
  const problems = new Problems();
  addTextProblems(root, problems);
  const sections = parseSections(root as Record<string, unknown>, problems, document.owned);
  addReferenceProblems(sections, problems);
  if (problems.list.length > 0) return { ok: false, problems: capped(problems) };
  return { ok: true, file: assemble(sections) };
}

/**
 * The environments of a file already validated whole (at the edge, once): their names and settings as
 * `validateExportFile` gives them, their lists left empty and the other sections too — what an import job needs of
 * the file besides handing its text on, without checking every element again (the document is still parsed).
 */
export function validatedEnvironments(input: unknown, options: ValidateExportOptions = {}): ExportValidation {
  const document = readDocument(input, options.maxBytes ?? DEFAULT_MAX_EXPORT_BYTES);
  if (!document.ok) return document;
  const root = document.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return refused('', 'An export file is a JSON object.');
  const { version, exported_at, environments } = root as Record<string, unknown>;
  const shells = Array.isArray(environments) ? environments.map(withoutLists) : environments;
  return validateExportFile({ version, exported_at, tags: [], segments: [], features: [], environments: shells }, options);
}

function withoutLists(environment: unknown): unknown {
  if (typeof environment !== 'object' || environment === null) return environment;
  const { feature_states: _states, feature_segments: _segments, identity_overrides: _overrides, ...shell } = environment as Record<string, unknown>;
  return shell;
}

function refused(path: string, detail: string): ExportValidation {
  return { ok: false, problems: [{ path, detail }] };
}

function capped({ list }: Problems): ExportProblem[] {
  if (list.length <= MAX_LISTED_PROBLEMS) return list;
  return [...list.slice(0, MAX_LISTED_PROBLEMS), { path: '', detail: `${list.length - MAX_LISTED_PROBLEMS} more problems are not listed.` }];
}

interface ParsedSections extends Sections {
  exportedAt: string | undefined;
}

/**
 * `owned`: the document was parsed from text here, so each element parsed replaces the raw one in its array — the raw
 * element is garbage at once, and the document is never held twice (zod's output is a copy).
 */
function parseSections(root: Record<string, unknown>, problems: Problems, owned: boolean): ParsedSections {
  const each = <Schema extends z.ZodType>(items: unknown[], schema: Schema, path: Path) => parseEach(items, schema, path, problems, owned);
  const shell = parseAt(fileSchema, root, [], problems);
  const section = (name: 'tags' | 'segments' | 'features' | 'environments'): unknown[] => {
    const value = shell?.[name] ?? root[name];
    return Array.isArray(value) ? value : [];
  };
  const rawEnvironments = section('environments');
  return {
    exportedAt: shell?.exported_at,
    tags: each(section('tags'), tagSchema, ['tags']),
    segments: each(section('segments'), segmentSchema, ['segments']),
    features: each(section('features'), featureSchema, ['features']),
    environments: rawEnvironments.map((raw, index) => parseEnvironment(raw, ['environments', index], each, problems)),
    declared: {
      segments: section('segments').map((raw) => declaredName(raw)),
      features: section('features').map((raw) => declaredName(raw)),
      environments: rawEnvironments.map((raw) => declaredName(raw)),
      tags: section('tags').map((raw) => declaredName(raw, 'label')),
    },
  };
}

/** Each item parsed; in place when `owned` (an item that does not parse stays raw, so its declared name is still read). */
function parseEach<Schema extends z.ZodType>(items: unknown[], schema: Schema, path: Path, problems: Problems, owned: boolean): (z.output<Schema> | undefined)[] {
  if (!owned) return items.map((item, index) => parseAt(schema, item, () => [...path, index], problems));
  const parsed: (z.output<Schema> | undefined)[] = new Array<z.output<Schema> | undefined>(items.length);
  for (let index = 0; index < items.length; index++) {
    parsed[index] = parseAt(schema, items[index], () => [...path, index], problems);
    if (parsed[index] !== undefined) items[index] = parsed[index];
  }
  return parsed;
}

type ParseEach = <Schema extends z.ZodType>(items: unknown[], schema: Schema, path: Path) => (z.output<Schema> | undefined)[];

/** The name an element declares, even when the element has other problems: references to it are then not dangling. */
function declaredName(raw: unknown, field = 'name'): string | undefined {
  const name = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
  return typeof name === 'string' ? name.trim() : undefined;
}

function parseEnvironment(raw: unknown, path: Path, each: ParseEach, problems: Problems): ParsedEnvironment {
  const parsed = parseAt(environmentSchema, raw, path, problems);
  // The lists are parsed entry by entry below; zod's copies of them would hold every raw entry to the end.
  const core = parsed && { ...parsed, feature_states: [], feature_segments: [], identity_overrides: undefined };
  const list = (name: string): unknown[] | undefined => {
    const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[name] : undefined;
    return Array.isArray(value) ? value : undefined;
  };
  const identityOverrides = list('identity_overrides');
  return {
    core,
    feature_states: each(list('feature_states') ?? [], featureStateSchema, [...path, 'feature_states']),
    feature_segments: each(list('feature_segments') ?? [], featureSegmentSchema, [...path, 'feature_segments']),
    identity_overrides: identityOverrides && each(identityOverrides, identityOverrideEntrySchema, [...path, 'identity_overrides']),
  };
}

/** Only called without problems: every element parsed. */
function assemble(sections: ParsedSections): ExportFile {
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
