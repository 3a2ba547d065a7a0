import { ValidationError, type entities, type exportFormat } from '@strata/contracts';
import { flagDefaults } from '@strata/rules';
import { onStream, type StreamCommand } from '@strata/eventstore';
import { flagStateStream, identityOverrideStream, projectRolloutStream } from '../common/streams';
import { flagStateDecider, projectRolloutDecider, type FlagStateCommand } from '../flags/flag-state';
import { identityOverrideDecider, type IdentityOverrideCommand } from '../flags/identity-override';
import { environmentIdOf, idOf, type ImportContext } from './import-context';

/**
 * The states an import writes (SPEC §6): each named environment's state of each feature it creates or overwrites —
 * the file's values, its environment-scoped rollout groups, and (with the switch) its identity overrides — and each
 * written feature's project-scoped groups. Decided by the flag-state deciders, so their rules hold here too: options in
 * range, cohorts the environment sees, a project group on project-wide cohorts only, priorities unique in both scopes.
 */

type Command = StreamCommand<unknown, entities.EntitiesEvent>;
type SegmentOverride = entities.SegmentOverride;

export function projectGroupCommands(context: ImportContext): Command[] {
  return context.plan.features.flatMap((step): Command[] => {
    const groups = step.project_segment_overrides;
    if (step.action === 'skip' || groups === undefined) return [];
    const flagId = context.ids.features[step.index];
    const current = context.loaded.projectGroups.get(flagId) ?? { state: [], version: 0 };
    const segmentOverrides = groups.map((group) => groupOf(group, 'project', flagId, context));
    context.projectGroups.set(flagId, segmentOverrides);
    if (groups.length === 0 && current.state.length === 0) return [];
    for (const group of segmentOverrides) {
      if (context.cohortScopes.get(group.segment_id) !== null) throw new ValidationError(`A project rollout group of "${step.name}" may use only project-wide segments.`, 'features', 'invalid_reference');
    }
    return [onStream(projectRolloutDecider, projectRolloutStream(flagId), { type: 'ReplaceProjectGroups', data: { flagId, projectId: context.projectId, segmentOverrides } }, { from: current })];
  });
}

export function stateCommands(context: ImportContext): Command[] {
  return context.plan.feature_states.flatMap((step): Command[] => {
    if (step.action === 'skip') return [];
    const environmentId = environmentIdOf(step.environment, context);
    const flagId = idOf(step.feature, context.ids.features);
    const flag = context.flags.get(flagId);
    if (flag === undefined) return [];
    if (flag.environmentId !== null && flag.environmentId !== environmentId) {
      throw new ValidationError(`Feature "${step.feature_name}" belongs to another environment than "${step.environment_name}" in this project.`, 'feature_states', 'invalid_reference');
    }
    return [...flagStateCommand(context, step, environmentId, flagId), ...identityCommands(context, step, environmentId, flagId)];
  });
}

function flagStateCommand(context: ImportContext, step: exportFormat.StateStep, environmentId: number, flagId: string): Command[] {
  const flag = context.flags.get(flagId)!;
  const state = step.state === null ? undefined : context.file.environments[environmentIndex(context, step)].feature_states[step.state];
  const zeroes = flag.zeroed.map((option) => ({ multivariate_feature_option: option, percentage_allocation: 0 }));
  const changes: entities.FlagStateChanges = state
    ? { enabled: state.enabled, feature_state_value: state.feature_state_value, multivariate_feature_state_values: [...mapped(state.multivariate_feature_state_values, flag.optionIndex), ...zeroes] }
    : {};
  if (step.segment_overrides !== undefined) {
    const project = context.projectGroups.get(flagId) ?? context.loaded.projectGroups.get(flagId)?.state ?? [];
    changes.segment_overrides = [...step.segment_overrides.map((group) => groupOf(group, 'environment', flagId, context)), ...project];
  }
  if (Object.keys(changes).length === 0) return [];
  const seen = { flagId, projectId: context.projectId, environmentId, defaults: flagDefaults(flag.fields), optionCount: flag.fields.multivariate_options?.length ?? 0 };
  const command: FlagStateCommand = { type: 'UpdateFlagState', data: { flag: seen, changes, cohorts: context.cohortScopes } };
  const from = context.loaded.states.get(`${environmentId}:${flagId}`) ?? { state: { status: 'default' as const }, version: 0 };
  return [onStream(flagStateDecider, flagStateStream(flagId, environmentId), command, { from })];
}

function environmentIndex(context: ImportContext, step: exportFormat.StateStep): number {
  return context.plan.environments.find((environment) => environment.name === step.environment_name)!.index;
}

/** The file's rollout group as the state holds it: cohort id, options by their place in the flag's list. */
function groupOf(planned: exportFormat.PlannedGroup, scope: SegmentOverride['scope'], flagId: string, context: ImportContext): SegmentOverride {
  const group = context.file.environments[planned.environment].feature_segments[planned.index];
  const optionIndex = context.flags.get(flagId)?.optionIndex ?? [];
  return {
    segment_id: idOf(planned.segment, context.ids.segments),
    priority: group.priority,
    scope,
    enabled: group.feature_state.enabled,
    feature_state_value: group.feature_state.feature_state_value,
    multivariate_feature_state_values: mapped(group.feature_state.multivariate_feature_state_values, optionIndex),
  };
}

function mapped(values: exportFormat.ExportAllocation[], optionIndex: number[]): entities.MultivariateStateValue[] {
  return values.map((value) => ({ multivariate_feature_option: optionIndex[value.multivariate_feature_option], percentage_allocation: value.percentage_allocation }));
}

/** Identity overrides replaced: the file's set, the others of this state removed (a stream each, read as appended). */
function identityCommands(context: ImportContext, step: exportFormat.StateStep, environmentId: number, flagId: string): Command[] {
  if (step.identity_overrides === undefined) return [];
  const overrides = context.file.environments[environmentIndex(context, step)].identity_overrides ?? [];
  const identity = (identifier: string) => ({ flagId, projectId: context.projectId, environmentId, identifier });
  const commands: IdentityOverrideCommand[] = [
    ...step.identity_overrides.set.map((index): IdentityOverrideCommand => {
      const { identifier, enabled, feature_state_value } = overrides[index];
      return { type: 'SetIdentityOverride', data: { identity: identity(identifier), enabled, featureStateValue: feature_state_value } };
    }),
    ...step.identity_overrides.remove.map((identifier): IdentityOverrideCommand => ({ type: 'RemoveIdentityOverride', data: { identity: identity(identifier) } })),
  ];
  return commands.map((command) => onStream(identityOverrideDecider, identityOverrideStream(flagId, environmentId, command.data.identity.identifier), command));
}
