import { entities } from '@strata/contracts';
import { flagDefaults } from '@strata/rules';
import type { FlagStateState } from '../flags/flag-state';

/**
 * The rules of comparing a flag's state in two environments (SPEC §11), pure. A state is what an SDK of that
 * environment gets: the environment's values (or the definition's defaults where it never set any), its own rollout
 * groups and the project's, and how many identities it overrides. Two states differ in a field when what the field
 * means differs, not its spelling: allocations in any order, JSON keys in any order — and a rollout group on an
 * environment's own cohort matches one on the other environment's own cohort of the same name, which is what a copy
 * makes (`copy_cohorts`, `dependencies: link`): neither environment can see the other's.
 */

type ComparedState = entities.ComparedState;
type ComparedField = entities.ComparedField;

/** A cohort a rollout group may use: its name, and its environment (`null` when project-wide). */
export interface CohortSeen {
  name: string;
  environmentId: number | null;
}

export type CohortsSeen = ReadonlyMap<string, CohortSeen>;

export function comparedState(state: entities.FlagStateSnapshot, projectGroups: readonly entities.SegmentOverride[], identityOverrides: number): ComparedState {
  return {
    enabled: state.enabled,
    feature_state_value: state.featureStateValue,
    multivariate_feature_state_values: state.multivariateValues,
    segment_overrides: [...state.segmentOverrides, ...projectGroups].sort((a, b) => a.priority - b.priority),
    identity_overrides_count: identityOverrides,
  };
}

/** The fields in which two states differ, in `COMPARED_FIELDS` order. */
export function differingFields(base: ComparedState, head: ComparedState, cohorts: CohortsSeen): ComparedField[] {
  const a = meaningOf(base, cohorts);
  const b = meaningOf(head, cohorts);
  return entities.COMPARED_FIELDS.filter((field) => a[field] !== b[field]);
}

/**
 * Each field as one string that is equal exactly when the meaning is: values and allocations are written in a fixed
 * order of their parts (a state read back from `jsonb` has its keys reordered), absent parts as `null`.
 */
function meaningOf(state: ComparedState, cohorts: CohortsSeen): Record<ComparedField, string> {
  return {
    enabled: String(state.enabled),
    feature_state_value: JSON.stringify(valueOf(state.feature_state_value)),
    multivariate_feature_state_values: JSON.stringify(allocations(state.multivariate_feature_state_values)),
    segment_overrides: JSON.stringify(
      state.segment_overrides.map((group) => [
        cohortIdentity(group.segment_id, cohorts),
        group.priority,
        group.scope,
        group.enabled,
        valueOf(group.feature_state_value),
        allocations(group.multivariate_feature_state_values ?? []),
      ]),
    ),
    identity_overrides_count: String(state.identity_overrides_count),
  };
}

function valueOf(value: entities.FeatureStateValue | null | undefined): unknown[] | null {
  return value === null || value === undefined ? null : [value.type, value.string_value ?? null, value.integer_value ?? null, value.boolean_value ?? null];
}

/** A project-wide cohort is itself in both environments; an environment's own one is known by its name. */
export function cohortIdentity(id: string, cohorts: CohortsSeen): string {
  const cohort = cohorts.get(id);
  return cohort === undefined || cohort.environmentId === null ? id : `own:${cohort.name}`;
}

function allocations(values: readonly entities.MultivariateStateValue[]): number[][] {
  return values.map((value) => [value.multivariate_feature_option, value.percentage_allocation]).sort((a, b) => a[0] - b[0]);
}

/** A flag's state in an environment, keyed as the loaded maps are. */
export const stateKey = (environmentId: number, flagId: string): string => `${environmentId}:${flagId}`;

/** What a comparison reads of the flags both environments see (`flag-states.queries.ts` loads it). */
export interface StatesSeen {
  flags: readonly { id: string; version: number; fields: Record<string, unknown> }[];
  states: ReadonlyMap<string, { state: FlagStateState }>;
  projectGroups: ReadonlyMap<string, { state: entities.SegmentOverride[] }>;
  identityCounts: ReadonlyMap<string, number>;
  cohorts: CohortsSeen;
}

/** A flag's state in one environment: what it set, or the definition's defaults where it never set one. */
export function stateIn(seen: StatesSeen, flag: StatesSeen['flags'][number], environmentId: number): ComparedState {
  const key = stateKey(environmentId, flag.id);
  const set = seen.states.get(key)?.state;
  const snapshot = set?.status === 'set' ? set.state : flagDefaults(flag.fields as Partial<entities.KindFields<'feature_flag'>>);
  return comparedState(snapshot, seen.projectGroups.get(flag.id)?.state ?? [], seen.identityCounts.get(key) ?? 0);
}

/** Every flag both environments see, each side's state and the fields that differ. */
export function compareFlags(seen: StatesSeen, baseId: number, headId: number): entities.ComparedFlag[] {
  return seen.flags.map((flag) => {
    const base = stateIn(seen, flag, baseId);
    const head = stateIn(seen, flag, headId);
    return { id: flag.id, key: String(flag.fields.key), base, head, differs: differingFields(base, head, seen.cohorts) };
  });
}
