import { ConflictError, ValidationError, entities } from '@strata/contracts';
import { sameJson } from '../flags/flag-state';
import { differingFields, stateIn, type StatesSeen } from './compare';

/**
 * What copying flag states from one environment to another does (SPEC §11), pure over what was loaded. For each flag
 * both see (or each named), the target's state becomes the source's: `enabled`, the value, the allocations and the
 * environment's own rollout groups (the project's are the same in both already) — and, when asked, its identity
 * overrides. A flag whose state already means the same in both (`compare.ts`) is left alone, so a copy run twice
 * changes nothing the second time. A rollout group on the source environment's own cohort names something the target
 * cannot see: refused (409 `cohort_not_visible`, listing them), unless those cohorts are copied along (their copies'
 * ids are handed in, and the groups name them).
 */

export interface IdentityOverride {
  flagId: string;
  environmentId: number;
  identifier: string;
  enabled: boolean;
  featureStateValue: entities.FeatureStateValue | null;
}

export interface StateCopyRequest {
  fromEnvironmentId: number;
  toEnvironmentId: number;
  flagIds?: readonly string[];
  /** The identity overrides of both environments, when they are copied too. */
  identityOverrides?: readonly IdentityOverride[];
}

/** A flag whose state in the target is to change, before its groups' cohorts are placed in the target. */
export interface StateDifference {
  flag: StatesSeen['flags'][number] & { key: string };
  before: entities.ComparedState;
  source: entities.ComparedState;
  /** What differs: the meaning of a group on the source's own cohort is its copy's (the same name). */
  differs: entities.ComparedField[];
  /** The source's identity overrides of the flag to set in the target, and the target's to remove. */
  identities: { set: IdentityOverride[]; remove: IdentityOverride[] };
}

/** The flags whose state differs, and the rollout groups among them on the source's own cohorts. */
export function differencesOf(seen: StatesSeen, request: StateCopyRequest): { differences: StateDifference[]; hidden: entities.HiddenCohortGroup[] } {
  assertFlagsSeen(seen, request.flagIds);
  const overrides = overridesByFlag(request.identityOverrides);
  const differences = seen.flags.flatMap((flag): StateDifference[] => {
    const before = stateIn(seen, flag, request.toEnvironmentId);
    const source = stateIn(seen, flag, request.fromEnvironmentId);
    const identities = request.identityOverrides === undefined ? { set: [], remove: [] } : identityChanges(overrides.get(flag.id) ?? [], request);
    const after = { ...source, identity_overrides_count: request.identityOverrides === undefined ? before.identity_overrides_count : source.identity_overrides_count };
    const differs = differingFields(before, after, seen.cohorts);
    // Overrides that differ in value alone leave the count equal: the field still names what the copy changes.
    if (identities.set.length + identities.remove.length > 0 && !differs.includes('identity_overrides_count')) differs.push('identity_overrides_count');
    return differs.length > 0 ? [{ flag: { ...flag, key: String(flag.fields.key) }, before, source: after, differs, identities }] : [];
  });
  const hidden = differences.flatMap(({ flag, source }) =>
    source.segment_overrides.flatMap((group) => {
      const cohort = seen.cohorts.get(group.segment_id);
      if (group.scope !== 'environment' || cohort?.environmentId !== request.fromEnvironmentId) return [];
      return [{ flag_id: flag.id, key: flag.key, segment_id: group.segment_id, cohort_name: cohort.name }];
    }),
  );
  return { differences, hidden };
}

/** 409 `cohort_not_visible`: the copy would leave the target's rollout groups naming cohorts it cannot see. */
export function cohortsNotVisible(hidden: entities.HiddenCohortGroup[]): ConflictError {
  const names = [...new Set(hidden.map((group) => group.cohort_name))].map((name) => `"${name}"`).join(', ');
  return new ConflictError(
    `Rollout groups use cohorts of the source environment's own (${names}), which the target cannot see; copy them along with copy_cohorts.`,
    'cohort_not_visible',
    'copy_cohorts',
    { rollout_groups: hidden },
  );
}

/** The change of one flag: the target's state after (groups naming the copies of hidden cohorts), and the state change to apply. */
export function changeOf(difference: StateDifference, copies: ReadonlyMap<string, string>): { change: entities.FlagStateCopyChange; changes: entities.FlagStateChanges } {
  const { flag, before, source, differs } = difference;
  const groups = source.segment_overrides.map((group) => ({ ...group, segment_id: copies.get(group.segment_id) ?? group.segment_id }));
  const after: entities.ComparedState = { ...source, segment_overrides: groups };
  const change = { id: flag.id, key: flag.key, differs, before, after };
  const changes: entities.FlagStateChanges = {
    enabled: after.enabled,
    feature_state_value: after.feature_state_value,
    multivariate_feature_state_values: after.multivariate_feature_state_values,
    segment_overrides: groups,
  };
  return { change, changes };
}

function assertFlagsSeen(seen: StatesSeen, flagIds: readonly string[] | undefined): void {
  const known = new Set(seen.flags.map((flag) => flag.id));
  flagIds?.forEach((id, i) => {
    if (!known.has(id)) throw new ValidationError(`No flag ${id} is seen by both environments.`, `flag_ids.${i}`, 'invalid_reference');
  });
}

function overridesByFlag(overrides: readonly IdentityOverride[] | undefined): Map<string, IdentityOverride[]> {
  const byFlag = new Map<string, IdentityOverride[]>();
  for (const override of overrides ?? []) byFlag.set(override.flagId, [...(byFlag.get(override.flagId) ?? []), override]);
  return byFlag;
}

/** The target's overrides become the source's: those it lacks or holds otherwise are set, those the source lacks removed. */
function identityChanges(overrides: readonly IdentityOverride[], request: StateCopyRequest): StateDifference['identities'] {
  const source = overrides.filter((override) => override.environmentId === request.fromEnvironmentId);
  const target = new Map(overrides.filter((override) => override.environmentId === request.toEnvironmentId).map((override) => [override.identifier, override]));
  const sourceIds = new Set(source.map((override) => override.identifier));
  return {
    set: source.filter((override) => {
      const current = target.get(override.identifier);
      return current === undefined || current.enabled !== override.enabled || !sameJson(current.featureStateValue, override.featureStateValue);
    }),
    remove: [...target.values()].filter((override) => !sourceIds.has(override.identifier)),
  };
}
