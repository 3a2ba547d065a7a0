import { PreconditionFailedError, type entities } from '@strata/contracts';
import { flagDefaults } from '@strata/rules';
import { atVersion, onStream, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { entityStream, flagStateStream, identityOverrideStream, projectRolloutStream } from '../common/streams';
import type { Seen } from '../entities/entity';
import { findVisible, type EntityRow } from '../entities/entities.queries';
import { graphGuard } from '../entities/graph-stream';
import { decideFlagState, decideProjectRollout, flagStateDecider, projectRolloutDecider, type FlagSeen, type FlagStateCommand, type ProjectRolloutCommand } from './flag-state';
import { cohortScopesOf, flagStateOf, stateVersion } from './flags.queries';
import { identityOverrideDecider, type IdentityOverrideCommand } from './identity-override';

/**
 * The plans of flag state and identity override changes. Each reads the project's graph version before the read
 * model, and a change that matters to the graph is appended with a mark on it: rollout groups hold on to cohorts,
 * and any state or identity override of a project-wide flag can make its environment one that blocks the flag's
 * demotion (`holdersOf`) — so a demotion or deletion decided meanwhile conflicts and decides again. Every plan also
 * guards the flag's own stream at the version it was seen at (deleted, promoted or demoted meanwhile: decide again).
 */

type Plan = StreamCommand<unknown, entities.EntitiesEvent>[];

export interface StateUpdate {
  in: entities.EnvironmentScope;
  flagId: string;
  changes: entities.FlagStateChanges;
  ifMatch?: number;
  /** A restore (SPEC §10): the version of the state's stream these changes bring back. */
  restoredFrom?: number;
}

export async function planStateUpdate(store: PostgresEventStore, update: StateUpdate): Promise<Plan> {
  const { in: scope, flagId, changes, ifMatch, restoredFrom } = update;
  const seen = await seeFlag(store, scope, flagId);
  const loaded = await flagStateOf(store.db, flagId, scope.environmentId);
  // The ETag spans both streams (see `stateVersion`), so `If-Match` is checked here rather than pinned on one stream.
  if (ifMatch !== undefined && ifMatch !== stateVersion(loaded)) throw new PreconditionFailedError();
  const groups = changes.segment_overrides;
  const cohorts = await cohortScopesOf(store.db, scope.projectId, (groups ?? []).map((group) => group.segment_id));
  const state: FlagStateCommand = { type: 'UpdateFlagState', data: { flag: flagSeen(seen.flag, scope), changes, cohorts, restoredFrom } };
  const project: ProjectRolloutCommand[] = groups === undefined ? [] : [{ type: 'ReplaceProjectGroups', data: { flagId, projectId: scope.projectId, segmentOverrides: groups } }];
  const changed = decideFlagState(state, loaded.environment.state).length > 0 || project.some((command) => decideProjectRollout(command, loaded.project.state).length > 0);
  return [
    onStream(flagStateDecider, flagStateStream(flagId, scope.environmentId), state, { from: loaded.environment }),
    onStream(projectRolloutDecider, projectRolloutStream(flagId), project, { from: loaded.project }),
    ...seen.guards(changed, groups !== undefined),
  ];
}

/** A set or a removal of one identity's override; only a set that changes something can make the environment a holder. */
export async function planIdentityOverride(store: PostgresEventStore, command: IdentityOverrideCommand): Promise<Plan> {
  const { flagId, projectId, environmentId, identifier } = command.data.identity;
  const seen = await seeFlag(store, { projectId, environmentId }, flagId);
  const stream = identityOverrideStream(flagId, environmentId, identifier);
  const current = await store.aggregateStream(stream, identityOverrideDecider);
  const changed = command.type === 'SetIdentityOverride' && identityOverrideDecider.decide(command, current.state).length > 0;
  return [onStream(identityOverrideDecider, stream, command, { from: current }), ...seen.guards(changed, false)];
}

async function seeFlag(store: PostgresEventStore, scope: entities.EnvironmentScope, flagId: string) {
  const from: Seen = { kind: 'feature_flag', ...scope };
  const graph = await graphGuard(store, scope.projectId);
  const flag = await findVisible(store.db, from, flagId);
  // The flag's stream at the version it was seen at decides nothing: the append conflicts when the flag changed.
  const seenAt = atVersion(entityStream(flag.id), flag.version);
  const guards = (changed: boolean, touchesCohorts: boolean): Plan => {
    const marked = changed && (touchesCohorts || flag.environment_id === null);
    return marked ? [seenAt, graph([flag.id])] : [seenAt];
  };
  return { flag, guards };
}

function flagSeen(flag: EntityRow, scope: entities.EnvironmentScope): FlagSeen {
  const definition = flag.fields as Partial<entities.KindFields<'feature_flag'>>;
  return { flagId: flag.id, ...scope, defaults: flagDefaults(definition), optionCount: definition.multivariate_options?.length ?? 0 };
}
