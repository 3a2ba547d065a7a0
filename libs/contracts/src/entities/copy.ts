import { z } from 'zod';
import { integerIdSchema, uuidSchema } from '../common/schemas';
import type { FeatureStateValue, SegmentOverride } from './flag-definition';
import type { MultivariateStateValue } from './bodies';
import { ENTITY_KINDS, type EntityKind } from './kinds';
import type { EnvironmentScope } from './messages';

/**
 * Compare and copy between environments and projects (SPEC §11), as the entities service serves them. The gateway
 * has resolved every environment named with the caller's principal (404 where hidden), checked that they are where
 * the route says (the path's project; the same organization) and that the caller administers the target; the entities
 * service decides what each environment sees, what is copied, linked or refused, and appends all of it at once.
 */
export const EntitiesCopySubjects = {
  compare: 'entities.compare',
  copyFlagStates: 'entities.copy.flagStates',
  copyEntity: 'entities.copy.entity',
} as const;

/** The fields of a flag's state in one environment that a comparison looks at, in this order. */
export const COMPARED_FIELDS = ['enabled', 'feature_state_value', 'multivariate_feature_state_values', 'segment_overrides', 'identity_overrides_count'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** A flag's state in one environment, as a comparison shows it: the environment's and the project's rollout groups. */
export interface ComparedState {
  enabled: boolean;
  feature_state_value: FeatureStateValue | null;
  multivariate_feature_state_values: MultivariateStateValue[];
  segment_overrides: SegmentOverride[];
  identity_overrides_count: number;
}

export interface ComparedFlag {
  id: string;
  key: string;
  base: ComparedState;
  head: ComparedState;
  differs: ComparedField[];
}

/** An environment's own entity, as a comparison lists it (`name` is a flag's key). */
export interface OwnEntity {
  kind: EntityKind;
  id: string;
  name: string;
}

export interface NamedEnvironment {
  id: number;
  name: string;
}

export interface CompareRequest {
  projectId: number;
  base: NamedEnvironment;
  head: NamedEnvironment;
}

export interface CompareResponse {
  base: NamedEnvironment;
  head: NamedEnvironment;
  flags: ComparedFlag[];
  own_entities: { base: OwnEntity[]; head: OwnEntity[] };
}

export interface CopyFlagStatesRequest {
  projectId: number;
  fromEnvironmentId: number;
  toEnvironmentId: number;
  /** Default: every flag both environments see. */
  flagIds?: string[];
  includeIdentityOverrides: boolean;
  copyCohorts: boolean;
  dryRun: boolean;
}

export interface FlagStateCopyChange {
  id: string;
  key: string;
  differs: ComparedField[];
  before: ComparedState;
  after: ComparedState;
}

/** Something a copy creates (`id: null` in a dry run) or links to (the target's entity). */
export interface CopiedEntity {
  kind: EntityKind;
  from_id: string;
  id: string | null;
}

export interface CopyFlagStatesResponse {
  changes: FlagStateCopyChange[];
  /** The source's own cohorts (and what they reference) copied into the target with `copy_cohorts`. */
  created: CopiedEntity[];
}

/** 409 `cohort_not_visible`: rollout groups on the source environment's own cohorts, which the target cannot see. */
export interface HiddenCohortGroup {
  flag_id: string;
  key: string;
  segment_id: string;
  cohort_name: string;
}

export type CopyDependencies = 'copy' | 'link';

export interface CopyEntityRequest {
  from: EnvironmentScope;
  to: EnvironmentScope;
  kind: EntityKind;
  id: string;
  dependencies: CopyDependencies;
  dryRun: boolean;
}

export interface CopyEntityResponse {
  created: CopiedEntity[];
  linked: CopiedEntity[];
}

export interface EntitiesCopyRpc {
  'entities.compare': { request: CompareRequest; response: CompareResponse };
  'entities.copy.flagStates': { request: CopyFlagStatesRequest; response: CopyFlagStatesResponse };
  'entities.copy.entity': { request: CopyEntityRequest; response: CopyEntityResponse };
}

const scope = z.object({ projectId: integerIdSchema, environmentId: integerIdSchema });
const namedEnvironment = z.object({ id: integerIdSchema, name: z.string() });
export const MAX_COPIED_FLAGS = 10_000;
export const copyDependenciesSchema = z.enum(['copy', 'link']);
const flagIdsSchema = z.array(uuidSchema).min(1).max(MAX_COPIED_FLAGS);

export const EntitiesCopyMessageSchemas = {
  [EntitiesCopySubjects.compare]: z.object({ projectId: integerIdSchema, base: namedEnvironment, head: namedEnvironment }),
  [EntitiesCopySubjects.copyFlagStates]: z.object({
    projectId: integerIdSchema,
    fromEnvironmentId: integerIdSchema,
    toEnvironmentId: integerIdSchema,
    flagIds: flagIdsSchema.optional(),
    includeIdentityOverrides: z.boolean(),
    copyCohorts: z.boolean(),
    dryRun: z.boolean(),
  }),
  [EntitiesCopySubjects.copyEntity]: z.object({
    from: scope,
    to: scope,
    kind: z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]),
    id: uuidSchema,
    dependencies: copyDependenciesSchema,
    dryRun: z.boolean(),
  }),
} as const;

/** HTTP requests of SPEC §11, snake_case and strict as clients send them. */
export const copyHttp = {
  compare: z.strictObject({
    base: z.coerce.number().pipe(integerIdSchema).meta({ description: 'the environment compared from' }),
    head: z.coerce.number().pipe(integerIdSchema).meta({ description: 'the environment compared with it' }),
  }),
  copyFlagStates: z.strictObject({
    from_environment_id: integerIdSchema,
    to_environment_id: integerIdSchema,
    flag_ids: flagIdsSchema.optional().meta({ description: 'default: every flag both environments see' }),
    include_identity_overrides: z.boolean().default(false).meta({ description: "true: the target's identity overrides of those flags become the source's" }),
    copy_cohorts: z.boolean().default(false).meta({ description: "true: the source's own cohorts its rollout groups use are copied into the target as its own" }),
    dry_run: z.boolean().default(false).meta({ description: 'true: only answer the changes; nothing changes' }),
  }),
  copyEntity: z.strictObject({
    to_environment_id: integerIdSchema,
    dependencies: copyDependenciesSchema.meta({ description: 'link: use an entity of the same kind and name the target sees, where there is one; copy: always copy' }),
    dry_run: z.boolean().default(false).meta({ description: 'true: only answer what would be created and linked (`id: null` for what would be created)' }),
  }),
};
