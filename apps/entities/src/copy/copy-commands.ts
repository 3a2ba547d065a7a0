import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import { atVersion, onNewStream, onStream, type AggregateState, type StreamCommand } from '@strata/eventstore';
import { entityStream, flagStateStream, identityOverrideStream, projectRolloutStream } from '../common/streams';
import { entityDecider } from '../entities/entity';
import { flagDefaults } from '@strata/rules';
import { flagStateDecider, type CohortScopes, type FlagStateState } from '../flags/flag-state';
import { identityOverrideDecider, type IdentityOverrideCommand } from '../flags/identity-override';
import { tagCommands } from '../tags/tag-commands';
import type { EntityCopyPlan } from './entity-copy';
import type { IdentityOverride } from './flag-state-copy';

/**
 * The appends of a copy (SPEC §11), through the same deciders as any edit, so their rules hold here too: each copy
 * created (its source pinned at the version it was read at), each state recorded with its rollout groups checked
 * against the cohorts the target sees, the tags the target project lacks. The graph marks go in the same append
 * (`copy.handlers.ts`).
 */

type Command = StreamCommand<unknown, entities.EntitiesEvent>;
const NEVER_SET: AggregateState<FlagStateState> = { state: { status: 'default' }, version: 0 };

export async function entityCopyCommands(db: Database, plan: EntityCopyPlan, to: entities.EnvironmentScope): Promise<Command[]> {
  const labels = [...new Set(plan.created.flatMap(({ entity }) => entity.tags))];
  const created = plan.created.flatMap(({ from, entity }) => [
    onNewStream(entityDecider, entityStream(entity.id), { type: 'CreateEntity', data: { entity } }),
    atVersion(entityStream(from.id), from.version),
  ]);
  const states = plan.states.map(({ flagId, fields, changes, cohorts }) => stateCommand({ flagId, fields, changes, cohorts, to, current: NEVER_SET }));
  return [...(await tagCommands(db, to.projectId, labels)), ...created, ...states];
}

export interface StateWrite {
  flagId: string;
  fields: Record<string, unknown>;
  changes: entities.FlagStateChanges;
  cohorts: CohortScopes;
  to: entities.EnvironmentScope;
  /** The target's state as read, at its stream's version (changed since: the append conflicts). */
  current: AggregateState<FlagStateState>;
}

/** The target's state of one flag set to `changes`, decided as a PATCH of the state would be. */
export function stateCommand(write: StateWrite): Command {
  const { flagId, fields, changes, cohorts, to, current } = write;
  const definition = fields as Partial<entities.KindFields<'feature_flag'>>;
  const flag = { flagId, ...to, defaults: flagDefaults(definition), optionCount: definition.multivariate_options?.length ?? 0 };
  return onStream(flagStateDecider, flagStateStream(flagId, to.environmentId), { type: 'UpdateFlagState', data: { flag, changes, cohorts } }, { from: current });
}

/**
 * What a copied state was decided against besides its own stream: the flag's definition (its options) and the
 * project's rollout groups (priorities are unique across both scopes), each at the version read.
 */
export function stateGuards(flag: { id: string; version: number }, projectGroupsVersion: number): Command[] {
  return [atVersion(entityStream(flag.id), flag.version), atVersion(projectRolloutStream(flag.id), projectGroupsVersion)];
}

/** The target's identity overrides of a flag made the source's: set where they differ, removed where the source has none. */
export function identityCommands(changes: { set: readonly IdentityOverride[]; remove: readonly IdentityOverride[] }, to: entities.EnvironmentScope): Command[] {
  const identity = (override: IdentityOverride) => ({ flagId: override.flagId, ...to, identifier: override.identifier });
  const commands: IdentityOverrideCommand[] = [
    ...changes.set.map((override): IdentityOverrideCommand => ({ type: 'SetIdentityOverride', data: { identity: identity(override), enabled: override.enabled, featureStateValue: override.featureStateValue } })),
    ...changes.remove.map((override): IdentityOverrideCommand => ({ type: 'RemoveIdentityOverride', data: { identity: identity(override) } })),
  ];
  return commands.map((command) => onStream(identityOverrideDecider, identityOverrideStream(command.data.identity.flagId, to.environmentId, command.data.identity.identifier), command));
}
