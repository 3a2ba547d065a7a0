import { z } from 'zod';
import { descriptionSchema, nameSchema, uuidSchema } from '../common/schemas';
import { flagDefinitionShape } from './flag-definition';
import { segmentRulesSchema } from './segment-rules';

/**
 * The nine kinds of SPEC §4.4 in one table: the collection the URL names, the singular the events and `promoted` /
 * `dependents` name and the fields of each kind's body (validated at the edge). What a body references is a rule:
 * `referencesOf` in @strata/rules. The entities service, the gateway, the export and the console read both.
 */

const ids = z.array(uuidSchema).max(1_000);
const idLists = { action_ids: ids.optional(), cohort_ids: ids.optional() };
const common = { name: nameSchema, description: descriptionSchema.optional() };
const freeJson = z.record(z.string(), z.unknown());

/** Analysis filters: the ids it references, and anything else the analysis needs (kept as sent). */
const filters = z.looseObject(idLists);

const KIND_SHAPES = {
  dashboard: {
    ...common,
    pinned: z.boolean().optional(),
    tiles: z.array(z.strictObject({ insight_id: uuidSchema, layout: freeJson.optional() })).max(200).optional(),
  },
  insight: { ...common, filters: filters.optional(), query: freeJson.nullable().optional() },
  action: {
    ...common,
    steps: z
      .array(
        z.strictObject({
          event: z.string().max(400).nullable().optional(),
          url: z.string().max(2_000).nullable().optional(),
          url_matching: z.enum(['contains', 'regex', 'exact']).nullable().optional(),
          properties: z.array(freeJson).max(100).optional(),
        }),
      )
      .max(50)
      .optional(),
  },
  cohort: { ...common, rules: segmentRulesSchema },
  feature_flag: flagDefinitionShape,
  experiment: {
    ...common,
    feature_flag_id: uuidSchema,
    parameters: freeJson.optional(),
    start_date: z.iso.datetime({ offset: true }).nullable().optional(),
    end_date: z.iso.datetime({ offset: true }).nullable().optional(),
  },
  early_access_feature: {
    ...common,
    feature_flag_id: uuidSchema,
    stage: z.enum(['concept', 'alpha', 'beta', 'general-availability', 'archived']).optional(),
    documentation_url: z.string().max(2_000).optional(),
  },
  survey: {
    ...common,
    type: z.enum(['popover', 'widget', 'api']).optional(),
    questions: z.array(freeJson).max(100).optional(),
    linked_flag_id: uuidSchema.nullable().optional(),
    targeting_flag_id: uuidSchema.nullable().optional(),
  },
  session_recording_playlist: { ...common, filters: filters.optional() },
} as const;

export type EntityKind = keyof typeof KIND_SHAPES;
export const ENTITY_KINDS = Object.keys(KIND_SHAPES) as EntityKind[];

/** The collection of each kind, as URLs name it. */
export const COLLECTIONS = {
  dashboard: 'dashboards',
  insight: 'insights',
  action: 'actions',
  cohort: 'cohorts',
  feature_flag: 'feature_flags',
  experiment: 'experiments',
  early_access_feature: 'early_access_features',
  survey: 'surveys',
  session_recording_playlist: 'session_recording_playlists',
} as const satisfies Record<EntityKind, string>;

export type EntityCollection = (typeof COLLECTIONS)[EntityKind];

/** The fields of a kind's body (without the fields every entity has). */
export const kindSchemas = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, z.strictObject(KIND_SHAPES[kind])])) as {
  [K in EntityKind]: z.ZodObject<(typeof KIND_SHAPES)[K], z.core.$strict>;
};

export type KindFields<K extends EntityKind = EntityKind> = z.output<(typeof kindSchemas)[K]>;

/** A reference from an entity's body to another entity: what promotion carries along and deletion is blocked by. */
export interface EntityReference {
  kind: EntityKind;
  id: string;
  /** The field of the body that holds it, as `attr` names it (`tiles.0.insight_id`). */
  field: string;
}
