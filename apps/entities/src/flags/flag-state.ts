import { isDeepStrictEqual } from 'node:util';
import { ValidationError, entities } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';

/**
 * A feature flag's state (SPEC §4.4). Two streams: `flag-state-<flagId>-<envId>`, the state of one environment with
 * its own rollout groups, and `flag-rollout-<flagId>`, the groups of scope `project` that apply in every environment.
 * A PATCH sends one combined list of groups; it is checked here as a whole (through the environment's stream, the
 * one the request is made through) and each scope goes to its own stream.
 */

type Snapshot = entities.FlagStateSnapshot;
type SegmentOverride = entities.SegmentOverride;

/** What a state decision knows of the flag: the definition's defaults and how many options it has. */
export interface FlagSeen {
  flagId: string;
  projectId: number;
  environmentId: number;
  defaults: Snapshot;
  optionCount: number;
}

/** The cohorts of the project a change names, by id: their environment, or `null` when project-wide. */
export type CohortScopes = ReadonlyMap<string, number | null>;

export type FlagStateState = { status: 'default' } | { status: 'set'; state: Snapshot };

export type FlagStateCommand =
  | { type: 'UpdateFlagState'; data: { flag: FlagSeen; changes: entities.FlagStateChanges; cohorts: CohortScopes; restoredFrom?: number } }
  /** The state as it comes along with its environment into another project (SPEC §7), recorded there as it is. */
  | { type: 'MoveFlagState'; data: entities.FlagStateChanged['data'] }
  /** The environment left the project with a copy of the flag: the original's state there goes. */
  | { type: 'LeaveFlagState'; data: entities.FlagStateLeft['data'] };

type StateEvent = entities.FlagStateChanged | entities.FlagStateLeft;

export function decideFlagState(command: FlagStateCommand, state: FlagStateState): StateEvent[] {
  if (command.type === 'MoveFlagState') return [{ type: 'FlagStateChanged', data: command.data }];
  if (command.type === 'LeaveFlagState') return [{ type: 'FlagStateLeft', data: command.data }];
  const { flag, changes, cohorts, restoredFrom } = command.data;
  assertStateChanges(changes, flag, cohorts);
  const current = state.status === 'set' ? state.state : flag.defaults;
  const next: Snapshot = {
    enabled: changes.enabled ?? current.enabled,
    featureStateValue: changes.feature_state_value !== undefined ? changes.feature_state_value : current.featureStateValue,
    multivariateValues: changes.multivariate_feature_state_values ?? current.multivariateValues,
    segmentOverrides: changes.segment_overrides !== undefined ? groupsOfScope(changes.segment_overrides, 'environment') : current.segmentOverrides,
  };
  // A state once set stays set: it no longer follows the definition's defaults, even when sent equal to them.
  if (state.status === 'set' && sameJson(next, current)) return [];
  const { flagId, projectId, environmentId } = flag;
  const data = { flagId, projectId, environmentId, state: next };
  return [{ type: 'FlagStateChanged', data: restoredFrom === undefined ? data : { ...data, restoredFrom } }];
}

export function evolveFlagState(_state: FlagStateState, event: StateEvent): FlagStateState {
  return event.type === 'FlagStateLeft' ? { status: 'default' } : { status: 'set', state: event.data.state };
}

export const flagStateDecider: Decider<FlagStateState, FlagStateCommand, StateEvent> = {
  decide: decideFlagState,
  evolve: evolveFlagState,
  initialState: () => ({ status: 'default' }),
};

export type ProjectRolloutCommand = { type: 'ReplaceProjectGroups'; data: { flagId: string; projectId: number; segmentOverrides: SegmentOverride[] } };

/** The project's groups are replaced by those of scope `project` in a PATCH's list (checked with the whole list). */
export function decideProjectRollout(command: ProjectRolloutCommand, groups: SegmentOverride[]): entities.ProjectRolloutGroupsChanged[] {
  const { flagId, projectId, segmentOverrides } = command.data;
  const next = groupsOfScope(segmentOverrides, 'project');
  if (sameJson(next, groups)) return [];
  return [{ type: 'ProjectRolloutGroupsChanged', data: { flagId, projectId, segmentOverrides: next } }];
}

export const projectRolloutDecider: Decider<SegmentOverride[], ProjectRolloutCommand, entities.ProjectRolloutGroupsChanged> = {
  decide: decideProjectRollout,
  evolve: (_groups, event) => event.data.segmentOverrides,
  initialState: () => [],
};

/**
 * The rules of a state change that need the flag: option indexes within its options, and rollout groups whose cohort
 * the environment sees (project-wide only for a project group), with priorities and cohorts unique across the
 * combined list — the evaluation orders both scopes together by priority, so two equal ones would be ambiguous.
 */
export function assertStateChanges(changes: entities.FlagStateChanges, flag: FlagSeen, cohorts: CohortScopes): void {
  assertOptions(changes.multivariate_feature_state_values, flag.optionCount, 'multivariate_feature_state_values');
  const groups = changes.segment_overrides ?? [];
  const priorities = new Set<number>();
  const segments = new Set<string>();
  groups.forEach((group, i) => {
    const at = `segment_overrides.${i}`;
    assertCohort(group, cohorts, flag.environmentId, `${at}.segment_id`);
    if (segments.has(group.segment_id)) throw new ValidationError('A cohort may have one rollout group per flag.', `${at}.segment_id`);
    if (priorities.has(group.priority)) throw new ValidationError('Rollout group priorities must be unique across both scopes.', `${at}.priority`);
    segments.add(group.segment_id);
    priorities.add(group.priority);
    assertOptions(group.multivariate_feature_state_values, flag.optionCount, `${at}.multivariate_feature_state_values`);
  });
}

function assertCohort(group: SegmentOverride, cohorts: CohortScopes, environmentId: number, attr: string): void {
  const scope = cohorts.get(group.segment_id);
  if (scope === undefined || (scope !== null && scope !== environmentId)) {
    throw new ValidationError(`No cohort ${group.segment_id} is visible from this environment.`, attr, 'invalid_reference');
  }
  if (group.scope === 'project' && scope !== null) {
    throw new ValidationError('A project rollout group may use only project-wide cohorts.', attr, 'invalid_reference');
  }
}

function assertOptions(values: readonly entities.MultivariateStateValue[] | undefined, optionCount: number, path: string): void {
  values?.forEach((value, i) => {
    if (value.multivariate_feature_option >= optionCount) {
      throw new ValidationError(`The flag has ${optionCount} multivariate options; no option ${value.multivariate_feature_option}.`, `${path}.${i}.multivariate_feature_option`);
    }
  });
}

/** The groups of one scope, normalised so equal lists compare equal and absent fields read as empty. */
export function groupsOfScope(groups: readonly SegmentOverride[], scope: SegmentOverride['scope']): SegmentOverride[] {
  return groups
    .filter((group) => group.scope === scope)
    .map((group) => ({ ...group, feature_state_value: group.feature_state_value ?? null, multivariate_feature_state_values: group.multivariate_feature_state_values ?? [] }));
}

/** Equal as JSON, whatever the key order (a state read back from `jsonb` has its keys reordered). */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}
