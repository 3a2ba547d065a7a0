import type { z } from 'zod';
import { isStorableText, utf8Length } from '@strata/contracts';
import {
  DEFAULT_MAX_EXPORT_BYTES,
  EXPORT_FORMAT_VERSION,
  type ExportFeatureSegment,
  type ExportFeatureState,
  type ExportIdentityOverride,
  type ExportProblem,
  type ExportValidation,
} from '@strata/contracts/export';
import { addTextProblems } from './storable-text';
import { JsonStreamReader, JsonSyntaxError, walkJson, type ContainerKind, type JsonPath, type JsonStreamHandlers } from './json-stream';
import { parseAt, Problems } from './problems';
import type { ParsedEnvironment, Sections } from './references';
import { environmentSchema, featureSchema, featureSegmentSchema, featureStateSchema, fileSchema, identityOverrideEntrySchema, segmentSchema, tagSchema } from './schemas';

/**
 * An import file read once, as it arrives (SPEC §6): its text is written in pieces, each element is parsed on its own
 * and validated against its schema the moment it is complete, and only the validated elements are kept — never the
 * text, nor a parsed copy of the whole document. `end()` checks the cross-references and answers the file, or every
 * problem with its JSON path, in the order a whole-document validation lists them.
 */

export interface ReadOptions {
  /** Text larger than this is refused (default 64 MiB), as soon as it is passed. */
  maxBytes?: number;
  /** Only the file's environments, without their lists: what an import job needs besides handing the file on. */
  environmentsOnly?: boolean;
  /**
   * Only to check the file (the request's validation, before a job): of each entry of an environment's list — the bulk
   * of a file — only what the cross-reference checks read is kept, so the file the result assembles is not the file.
   */
  checkOnly?: boolean;
}

export interface ReadSections extends Sections {
  exportedAt: string | undefined;
}

export type ReadResult = { ok: true; sections: ReadSections; problems: Problems } | { ok: false; problems: ExportProblem[] };

const SECTIONS = new Set(['tags', 'segments', 'features', 'environments']);
const LISTS = ['feature_states', 'feature_segments', 'identity_overrides'] as const;
type ListName = (typeof LISTS)[number];
type ItemSection = 'tags' | 'segments' | 'features';
const ITEM_SCHEMAS = { tags: tagSchema, segments: segmentSchema, features: featureSchema };
const LIST_SCHEMAS = { feature_states: featureStateSchema, feature_segments: featureSegmentSchema, identity_overrides: identityOverrideEntrySchema };

interface Section<T> {
  parsed: (T | undefined)[];
  declared: (string | undefined)[];
  problems: Problems;
}

interface EnvironmentParts {
  /** The environment as one value, when it is not an object (then it has no lists). */
  raw?: unknown;
  fields: Record<string, unknown>;
  lists: Partial<Record<ListName, Section<unknown>>>;
  parsed?: ParsedEnvironment;
  problems: Problems;
}

export class ExportFileReader {
  private readonly json: JsonStreamReader;
  private readonly maxBytes: number;
  private bytes = 0;
  private parsedWhole = false;
  private refusal: ExportProblem | undefined;
  private rootIsObject: boolean | undefined;
  private readonly root: Record<string, unknown> = {};
  private readonly text = new Problems();
  private readonly items: { [Name in ItemSection]: Section<unknown> } = { tags: section(), segments: section(), features: section() };
  private readonly environments: EnvironmentParts[] = [];

  constructor(private readonly options: ReadOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_EXPORT_BYTES;
    this.json = new JsonStreamReader(this.handlers());
  }

  /** Bytes written so far (UTF-8). */
  get size(): number {
    return this.bytes;
  }

  /** False once the file is refused whole (too large, not JSON): what follows is not read. */
  write(text: string): boolean {
    if (this.refusal !== undefined) return false;
    this.bytes += utf8Length(text);
    if (this.bytes > this.maxBytes) {
      this.refusal = { path: '', detail: `The file is over ${this.maxBytes} bytes, the most accepted.` };
      return false;
    }
    return this.guarded(() => this.json.write(text));
  }

  /** A document already parsed, read as its text would be. */
  readParsed(value: unknown): void {
    walkJson(value, this.handlers());
    this.parsedWhole = true;
  }

  end(): ReadResult {
    if (this.refusal === undefined && !this.parsedWhole) this.guarded(() => this.json.end());
    if (this.refusal !== undefined) return { ok: false, problems: [this.refusal] };
    if (this.rootIsObject !== true) return refused('', 'An export file is a JSON object.');
    const { version } = this.root;
    if (version !== EXPORT_FORMAT_VERSION) {
      return refused('version', `Only version ${EXPORT_FORMAT_VERSION} files can be imported; this one has ${JSON.stringify(version) ?? 'none'}.`);
    }
    const problems = new Problems();
    problems.list.push(...this.text.list);
    const shell = parseAt(fileSchema, this.root, [], problems);
    for (const name of ['tags', 'segments', 'features'] as const) problems.list.push(...this.items[name].problems.list);
    const environments = this.environments.map((parts, index) => {
      const parsed = parts.parsed ?? this.closeEnvironment(index);
      problems.list.push(...parts.problems.list);
      for (const list of LISTS) problems.list.push(...(parts.lists[list]?.problems.list ?? []));
      return parsed;
    });
    const { tags, segments, features } = this.items;
    const sections: ReadSections = {
      exportedAt: shell?.exported_at,
      tags: tags.parsed as ReadSections['tags'],
      segments: segments.parsed as ReadSections['segments'],
      features: features.parsed as ReadSections['features'],
      environments,
      declared: { tags: tags.declared, segments: segments.declared, features: features.declared, environments: this.environments.map((parts) => declaredName(parts.raw ?? parts.fields)) },
    };
    return { ok: true, sections, problems };
  }

  private guarded(work: () => void): boolean {
    try {
      work();
      return true;
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      this.refusal = { path: '', detail: error.message };
      return false;
    }
  }

  private handlers(): JsonStreamHandlers {
    return {
      descend: (path, kind) => this.descends(path, kind),
      value: (path, value) => this.value(path, value),
      close: (path, kind) => {
        if (path.length === 2 && path[0] === 'environments' && kind === 'object') this.closeEnvironment(path[1] as number);
      },
    };
  }

  /** The root, its sections, each environment and its lists are read member by member; everything else whole. */
  private descends(path: JsonPath, kind: ContainerKind): boolean {
    switch (path.length) {
      case 0:
        this.rootIsObject = kind === 'object';
        return kind === 'object';
      case 1:
        if (kind !== 'array' || !SECTIONS.has(path[0] as string)) return false;
        this.root[path[0]] = [];
        return true;
      case 2:
        if (path[0] !== 'environments' || kind !== 'object') return false;
        this.environments[path[1] as number] = { fields: {}, lists: {}, problems: new Problems() };
        return true;
      case 3:
        if (path[0] !== 'environments' || kind !== 'array' || !(LISTS as readonly unknown[]).includes(path[2])) return false;
        this.environments[path[1] as number].fields[path[2]] = [];
        if (this.options.environmentsOnly !== true) this.environments[path[1] as number].lists[path[2] as ListName] = section();
        return true;
      default:
        return false;
    }
  }

  private value(path: JsonPath, value: unknown): void {
    if (path.length === 0) {
      this.rootIsObject = false;
      return;
    }
    const [name, index] = path;
    const skipped = this.options.environmentsOnly === true && (path.length === 4 || (path.length === 2 && name !== 'environments'));
    if (skipped) return;
    const at = [...path];
    if (typeof at[at.length - 1] === 'string' && !isStorableText(at[at.length - 1] as string)) this.text.add(at, 'A field name Postgres cannot store.');
    addTextProblems(value, this.text, at);
    if (path.length === 1) this.root[name] = value;
    else if (path.length === 2 && name === 'environments') this.environments[index as number] = { raw: value, fields: {}, lists: {}, problems: new Problems() };
    else if (path.length === 2) this.item(name as ItemSection, index as number, value);
    else if (path.length === 3) this.environments[index as number].fields[path[2]] = value;
    else this.listEntry(index as number, path[2] as ListName, path[3] as number, value);
  }

  private item(name: ItemSection, index: number, raw: unknown): void {
    const target = this.items[name];
    target.parsed[index] = parseAt(ITEM_SCHEMAS[name] as z.ZodType, raw, () => [name, index], target.problems);
    target.declared[index] = declaredName(raw, name === 'tags' ? 'label' : 'name');
  }

  private listEntry(environment: number, list: ListName, index: number, raw: unknown): void {
    const target = this.environments[environment].lists[list] as Section<unknown>;
    const parsed = parseAt(LIST_SCHEMAS[list] as z.ZodType, raw, () => ['environments', environment, list, index], target.problems);
    target.parsed[index] = this.options.checkOnly === true && parsed !== undefined ? referencesOf(list, parsed) : parsed;
  }

  /** An environment's settings are checked once its lists are read: its own problems come before theirs. */
  private closeEnvironment(index: number): ParsedEnvironment {
    const parts = this.environments[index];
    const path = ['environments', index];
    const parsed = parseAt(environmentSchema, parts.raw ?? parts.fields, path, parts.problems);
    const list = <T>(name: ListName) => parts.lists[name]?.parsed as (T | undefined)[] | undefined;
    parts.parsed = {
      core: parsed && { ...parsed, feature_states: [], feature_segments: [], identity_overrides: undefined },
      feature_states: list<ParsedEnvironment['feature_states'][number]>('feature_states') ?? [],
      feature_segments: list<ParsedEnvironment['feature_segments'][number]>('feature_segments') ?? [],
      identity_overrides: list<NonNullable<ParsedEnvironment['identity_overrides']>[number]>('identity_overrides'),
    };
    return parts.parsed;
  }
}

/** What `addReferenceProblems` reads of a list's entry: names, option indexes and a group's scope. */
function referencesOf(list: ListName, entry: unknown): unknown {
  const allocations = (values: { multivariate_feature_option: number }[]) => values.map(({ multivariate_feature_option }) => ({ multivariate_feature_option }));
  switch (list) {
    case 'feature_states': {
      const { feature, multivariate_feature_state_values } = entry as ExportFeatureState;
      return { feature, multivariate_feature_state_values: allocations(multivariate_feature_state_values) };
    }
    case 'feature_segments': {
      const { feature, segment, scope, feature_state } = entry as ExportFeatureSegment;
      return { feature, segment, scope, feature_state: { multivariate_feature_state_values: allocations(feature_state.multivariate_feature_state_values) } };
    }
    case 'identity_overrides': {
      const { feature, identifier } = entry as ExportIdentityOverride;
      return { feature, identifier };
    }
  }
}

function section(): Section<unknown> {
  return { parsed: [], declared: [], problems: new Problems() };
}

function refused(path: string, detail: string): ExportValidation & { ok: false } {
  return { ok: false, problems: [{ path, detail }] };
}

/** The name an element declares, even when the element has other problems: references to it are then not dangling. */
function declaredName(raw: unknown, field = 'name'): string | undefined {
  const name = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
  return typeof name === 'string' ? name.trim() : undefined;
}
