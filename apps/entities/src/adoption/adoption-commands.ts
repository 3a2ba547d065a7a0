import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import { onNewStream, onStream, type StreamCommand } from '@strata/eventstore';
import { entityStream, flagStateStream, identityOverrideStream, projectRolloutStream } from '../common/streams';
import { stateOf } from '../entities/entities.queries';
import { entityDecider } from '../entities/entity';
import { flagStateDecider, projectRolloutDecider } from '../flags/flag-state';
import { identityOverrideDecider } from '../flags/identity-override';
import { tagCommands } from '../tags/tag-commands';
import type { AdoptionPlan } from './adoption-plan';
import type { AdoptionScope } from './adoption-source.queries';

/**
 * The append of an adoption: each own entity moved (from the version it was read at), each copy created, each state
 * recorded in the target, emptied project groups, the copies' identity overrides and the tags the target lacks; the
 * originals' states in the environment leave the source.
 * The graph marks of both projects go in the same append (`adoption.handlers.ts`).
 */
export async function adoptionCommands(db: Database, plan: AdoptionPlan, scope: AdoptionScope): Promise<StreamCommand<unknown, entities.EntitiesEvent>[]> {
  const { environmentId, sourceProjectId, targetProjectId } = scope;
  const moves = plan.moved.map(({ row, entity }) => {
    const from = { kind: row.kind, projectId: sourceProjectId, environmentId };
    return onStream(entityDecider, entityStream(row.id), { type: 'MoveToProject', data: { from, entity } }, { from: { state: stateOf(row), version: row.version } });
  });
  const copies = plan.copies.map(({ entity }) => onNewStream(entityDecider, entityStream(entity.id), { type: 'CreateEntity', data: { entity } }));
  const states = plan.states.map(({ flagId, state, version }) => {
    const data = { flagId, projectId: targetProjectId, environmentId, state };
    const from = { state: { status: 'default' as const }, version };
    return onStream(flagStateDecider, flagStateStream(flagId, environmentId), { type: 'MoveFlagState', data }, { from });
  });
  const emptied = plan.emptiedGroups.map(({ flagId, segmentOverrides, version }) => {
    const command = { type: 'ReplaceProjectGroups' as const, data: { flagId, projectId: targetProjectId, segmentOverrides: [] } };
    return onStream(projectRolloutDecider, projectRolloutStream(flagId), command, { from: { state: segmentOverrides, version } });
  });
  const overrides = plan.copiedOverrides.map(({ flagId, identifier, enabled, featureStateValue }) => {
    const identity = { flagId, projectId: targetProjectId, environmentId, identifier };
    const command = { type: 'SetIdentityOverride' as const, data: { identity, enabled, featureStateValue } };
    return onNewStream(identityOverrideDecider, identityOverrideStream(flagId, environmentId, identifier), command);
  });
  const left = plan.leftStates.map(({ flagId, version }) => {
    const command = { type: 'LeaveFlagState' as const, data: { flagId, projectId: sourceProjectId, environmentId } };
    return onStream(flagStateDecider, flagStateStream(flagId, environmentId), command, { from: { state: { status: 'default' as const }, version } });
  });
  return [...(await tagCommands(db, targetProjectId, plan.labels)), ...moves, ...copies, ...states, ...emptied, ...overrides, ...left];
}
