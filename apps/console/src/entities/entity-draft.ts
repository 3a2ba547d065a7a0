import { dottedAttr, problemsOf } from '@strata/contracts';
import { type EntityKind, http } from '@strata/contracts/entities';
import type { z } from 'zod';
import type { Entity } from '../api/types';
import { type GroupDraft, groupsOf, newGroup, rulesOf } from './cohort-rules';

/**
 * An entity's form, the same for creating and editing each of the nine kinds: the draft the fields edit, the body it
 * makes (references by id, picked by name), and the check of that body with the API's own schema before it is sent.
 */

export type UrlMatching = 'contains' | 'regex' | 'exact';

export interface StepDraft {
  event: string;
  url: string;
  matching: UrlMatching;
  /** A step's property filters: no field edits them, so an edit keeps them as they are. */
  properties?: Record<string, unknown>[];
}

export interface Draft {
  /** The name, or a flag's key. */
  name: string;
  /** A flag's name beside its key (optional). */
  flagName: string;
  description: string;
  /** Comma-separated. */
  tags: string;
  insights: string[];
  actions: string[];
  cohorts: string[];
  /** An experiment's or early access feature's flag, a survey's linked flag ('' for none). */
  flag: string;
  steps: StepDraft[];
  groups: GroupDraft[];
  defaultEnabled: boolean;
  initialValue: string;
  serverKeyOnly: boolean;
  projectWide: boolean;
  surveyType: string;
}

export const newStep = (): StepDraft => ({ event: '', url: '', matching: 'contains' });

type Fields = Record<string, unknown>;
type Tile = { insight_id: string; layout?: Fields };
type Step = { event?: string | null; url?: string | null; url_matching?: UrlMatching | null; properties?: Fields[] };

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The form of a new entity of a kind, or of an entity as it is. */
export function draftOf(kind: EntityKind, entity?: Entity): Draft {
  const filters = (entity?.filters ?? {}) as Fields;
  return {
    name: text(kind === 'feature_flag' ? entity?.key : entity?.name),
    flagName: kind === 'feature_flag' ? text(entity?.name) : '',
    description: text(entity?.description),
    tags: (entity?.tags ?? []).join(', '),
    insights: list<Tile>(entity?.tiles).map((tile) => tile.insight_id),
    actions: list<string>(filters.action_ids),
    cohorts: list<string>(filters.cohort_ids),
    flag: text(entity?.feature_flag_id ?? entity?.linked_flag_id),
    steps: entity ? list<Step>(entity.steps).map((step) => ({ event: step.event ?? '', url: step.url ?? '', matching: step.url_matching ?? 'contains', ...(step.properties ? { properties: step.properties } : {}) })) : [newStep()],
    groups: entity ? groupsOf(entity.rules as Parameters<typeof groupsOf>[0]) : [newGroup()],
    defaultEnabled: entity?.default_enabled === true,
    initialValue: text(entity?.initial_value),
    serverKeyOnly: entity?.is_server_key_only === true,
    projectWide: false,
    surveyType: text(entity?.type) || 'popover',
  };
}

function stepsOf(steps: readonly StepDraft[]): Step[] {
  return steps
    .filter((step) => step.event || step.url || step.properties?.length)
    .map((step) => ({ ...(step.event ? { event: step.event } : {}), ...(step.url ? { url: step.url, url_matching: step.matching } : {}), ...(step.properties ? { properties: step.properties } : {}) }));
}

/**
 * Every field the form of a kind shows, "none" written out ('' or null): `base` is the entity edited, whose parts no
 * field shows (a tile's layout, an insight's other filters) are kept.
 */
export function formBodyOf(kind: EntityKind, draft: Draft, base?: Entity): Fields {
  const common = { description: draft.description, tags: draft.tags.split(',').map((tag) => tag.trim()).filter(Boolean) };
  const named = { name: draft.name, ...common };
  switch (kind) {
    case 'dashboard': {
      const tiles = list<Tile>(base?.tiles);
      return { ...named, tiles: draft.insights.map((id) => tiles.find((tile) => tile.insight_id === id) ?? { insight_id: id }) };
    }
    case 'insight':
    case 'session_recording_playlist':
      return { ...named, filters: { ...((base?.filters ?? {}) as Fields), action_ids: draft.actions, cohort_ids: draft.cohorts } };
    case 'action':
      return { ...named, steps: stepsOf(draft.steps) };
    case 'cohort':
      return { ...named, rules: rulesOf(draft.groups) };
    case 'feature_flag':
      return { key: draft.name, name: draft.flagName, ...common, default_enabled: draft.defaultEnabled, initial_value: draft.initialValue || null, is_server_key_only: draft.serverKeyOnly };
    case 'experiment':
    case 'early_access_feature':
      return { ...named, feature_flag_id: draft.flag };
    case 'survey':
      return { ...named, type: draft.surveyType, linked_flag_id: draft.flag || null };
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** `POST …/KIND/`: the form's fields without the empty ones (a flag may be made project-wide at once). */
export function createBodyOf(kind: EntityKind, draft: Draft): Fields {
  const body = Object.fromEntries(Object.entries(formBodyOf(kind, draft)).filter(([, value]) => value !== '' && value !== null));
  return kind === 'feature_flag' && draft.projectWide ? { ...body, is_project_wide: true } : body;
}

/**
 * `PATCH …/KIND/:id`: only the fields the form changed from how it read the entity, so whatever no field shows, and a
 * field left as it was (an absent survey type the form shows as its default), stays as it is.
 */
export function changesOf(kind: EntityKind, draft: Draft, entity: Entity): Fields {
  const before = formBodyOf(kind, draftOf(kind, entity), entity);
  return Object.fromEntries(Object.entries(formBodyOf(kind, draft, entity)).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field])));
}

/** A refusal as the API's error body words it (SPEC §4): the first problem, and every one in `errors`. */
export interface Refusal {
  type: 'validation_error';
  code: 'invalid_input';
  detail: string;
  attr: string | null;
  errors: { attr: string | null; detail: string }[];
}

/**
 * The API's refusal of a body, decided in the browser with the very schema the gateway validates it with
 * (`http.createEntity` / `http.updateEntity` of the contracts), worded as the API words it: undefined when it passes.
 */
export function refusalOf(kind: EntityKind, body: Fields, mode: 'create' | 'edit'): Refusal | undefined {
  const schema: z.ZodType = mode === 'create' ? http.createEntity[kind] : http.updateEntity[kind];
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return undefined;
  const errors = problemsOf(result.error.issues).map(({ path, detail }) => ({ attr: dottedAttr(path), detail }));
  const [first] = errors;
  return { type: 'validation_error', code: 'invalid_input', detail: first.detail, attr: first.attr, errors };
}
