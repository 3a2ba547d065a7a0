import { entities } from '@strata/contracts';
import { handleCommands, type PostgresEventStore } from '@strata/eventstore';
import { diffFields } from '@strata/service-kit';
import { entityStream, flagStateStream } from '../common/streams';
import type { Seen } from '../entities/entity';
import { entityBody, findVisible, stateOf } from '../entities/entities.queries';
import { planUpdate, wholeFields } from '../entities/entities.plans';
import { planStateUpdate } from '../flags/flags.plans';
import { flagDefaults } from '@strata/rules';
import { flagStateBody, flagStateOf } from '../flags/flags.queries';
import { fieldsOf } from './activity';
import { stateAt } from './history.queries';

/**
 * A restore (SPEC §10) is an edit like any other — the same plan, so references are checked (400 naming the field),
 * promotion applies and `If-Match` holds — whose fields are those of an earlier version, recorded as `restored`. A dry
 * run plans it (and so refuses what the edit would refuse) and appends nothing.
 */

export interface EntityRestore {
  from: Seen;
  id: string;
  version: number;
  dryRun: boolean;
  ifMatch?: number;
}

export async function restoreEntity(store: PostgresEventStore, request: EntityRestore): Promise<entities.Restored<entities.Entity>> {
  const { from, id, version, dryRun, ifMatch } = request;
  const current = await findVisible(store.db, from, id);
  const { entity: target } = await stateAt(store.db, entityStream(id), version, 'entity');
  const fields = wholeFields(from.kind, target.fields);
  // Every field of either version: those the restored version lacks are cleared, not kept.
  const cleared = Object.fromEntries(Object.keys(current.fields).map((key) => [key, undefined])) as Partial<entities.KindFields>;
  const changes = { ...cleared, ...fields };
  await handleCommands(store, async () => {
    const plan = await planUpdate(store, { from, current: await findVisible(store.db, from, id), changes, tags: target.tags, ifMatch, restoredFrom: version });
    return dryRun ? [] : plan;
  });
  const after = dryRun ? { ...current, fields, tags: target.tags } : await findVisible(store.db, from, id);
  const before = fieldsOf({ of: 'entity', entity: stateOf(current) });
  return { result: entityBody(after), version: after.version, changes: diffFields(before, fieldsOf({ of: 'entity', entity: stateOf(after) })) };
}

export interface FlagStateRestore {
  in: entities.EnvironmentScope;
  flagId: string;
  version: number;
  dryRun: boolean;
  ifMatch?: number;
}

/** The environment's own part of the state comes back; the project's rollout groups stay as they are. */
export async function restoreFlagState(store: PostgresEventStore, request: FlagStateRestore): Promise<entities.Restored<entities.FlagState>> {
  const { in: scope, flagId, version, dryRun, ifMatch } = request;
  const { state: target } = await stateAt(store.db, flagStateStream(flagId, scope.environmentId), version, 'flag_state');
  const read = async () => {
    const flag = await findVisible(store.db, { kind: 'feature_flag', ...scope }, flagId);
    const loaded = await flagStateOf(store.db, flagId, scope.environmentId);
    return { loaded, body: flagStateBody(flagId, scope.environmentId, flagDefaults(flag.fields), loaded) };
  };
  const before = await read();
  const changes: entities.FlagStateChanges = {
    enabled: target.enabled,
    feature_state_value: target.featureStateValue,
    multivariate_feature_state_values: target.multivariateValues,
    segment_overrides: [...target.segmentOverrides, ...before.loaded.project.state],
  };
  await handleCommands(store, async () => {
    const plan = await planStateUpdate(store, { in: scope, flagId, changes, ifMatch, restoredFrom: version });
    return dryRun ? [] : plan;
  });
  const after = dryRun ? wouldBe(before.body.result, changes) : (await read()).body.result;
  return { result: after, version: after.version, changes: diffFields(stateFields(before.body.result), stateFields(after)) };
}

function wouldBe(current: entities.FlagState, changes: entities.FlagStateChanges): entities.FlagState {
  const groups = [...(changes.segment_overrides ?? [])].sort((a, b) => a.priority - b.priority);
  return {
    ...current,
    enabled: changes.enabled ?? current.enabled,
    feature_state_value: changes.feature_state_value ?? null,
    multivariate_feature_state_values: changes.multivariate_feature_state_values ?? [],
    segment_overrides: groups,
  };
}

function stateFields({ enabled, feature_state_value, multivariate_feature_state_values, segment_overrides }: entities.FlagState): Record<string, unknown> {
  return { enabled, feature_state_value, multivariate_feature_state_values, segment_overrides };
}
