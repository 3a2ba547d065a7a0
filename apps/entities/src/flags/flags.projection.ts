import type { entities } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';

type FlagReadModelEvent = entities.FlagStateEvent | entities.ProjectRolloutGroupsChanged | entities.EntityDeleted | entities.RemovalEvent;

const HANDLES = [
  'FlagStateChanged',
  'FlagStateLeft',
  'ProjectRolloutGroupsChanged',
  'IdentityOverrideSet',
  'IdentityOverrideRemoved',
  'EntityDeleted',
  'EnvironmentEntitiesRemoved',
  'ProjectEntitiesRemoved',
] as const satisfies readonly FlagReadModelEvent['type'][];

/**
 * `flag_states`, `flag_project_overrides`, `identity_overrides`, and the rollout groups' rows of `entity_references`
 * (`via_environment_id` / `via_project`), which `holdersOf` reads to block a cohort's deletion or demotion and a
 * flag's demotion. Not a `versionedProjection`: these rows are keyed by flag and environment, not by one `id`, so
 * each upsert stamps its stream position itself. The removals are handled here too (the removals projection deletes
 * the same rows live) so that a rebuild of this read model alone does not bring back a removed environment's states.
 */
export const flagsProjection: InlineProjection = {
  name: 'flags',
  handles: HANDLES,
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    // A run of state changes (an import writes tens of thousands in one append) is upserted in a few statements.
    const run: RecordedEvent<entities.FlagStateChanged>[] = [];
    for (const event of events as RecordedEvent<FlagReadModelEvent>[]) {
      if (event.type === 'FlagStateChanged') {
        run.push(event);
        continue;
      }
      await upsertStates(run.splice(0), tx);
      await applyEvent(event, tx);
    }
    await upsertStates(run, tx);
  },
  async reset(tx: Transaction): Promise<void> {
    await tx.query('DELETE FROM entity_references WHERE via_project OR via_environment_id IS NOT NULL');
    for (const table of ['identity_overrides', 'flag_project_overrides', 'flag_states']) await tx.query(`DELETE FROM ${table}`);
  },
};

async function applyEvent(event: RecordedEvent<FlagReadModelEvent>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'FlagStateChanged':
      return upsertStates([event], tx);
    case 'FlagStateLeft': {
      const { flagId, environmentId } = event.data;
      await tx.query('DELETE FROM entity_references WHERE from_id = $1 AND via_environment_id = $2', [flagId, environmentId]);
      for (const table of ['flag_states', 'identity_overrides']) await tx.query(`DELETE FROM ${table} WHERE flag_id = $1 AND environment_id = $2`, [flagId, environmentId]);
      return;
    }
    case 'ProjectRolloutGroupsChanged':
      return upsertProjectGroups(event, tx);
    case 'IdentityOverrideSet': {
      const { flagId, environmentId, identifier, enabled, featureStateValue } = event.data;
      await tx.query(
        `INSERT INTO identity_overrides (flag_id, environment_id, identifier, enabled, feature_state_value) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (flag_id, environment_id, identifier) DO UPDATE SET enabled = EXCLUDED.enabled, feature_state_value = EXCLUDED.feature_state_value`,
        [flagId, environmentId, identifier, enabled, JSON.stringify(featureStateValue)],
      );
      return;
    }
    case 'IdentityOverrideRemoved':
      await tx.query('DELETE FROM identity_overrides WHERE flag_id = $1 AND environment_id = $2 AND identifier = $3', [event.data.flagId, event.data.environmentId, event.data.identifier]);
      return;
    case 'EntityDeleted':
      if (event.data.kind === 'feature_flag') await removeFlag(tx, event.data.id);
      return;
    case 'EnvironmentEntitiesRemoved':
      return removeEnvironment(tx, event.data.environmentId);
    case 'ProjectEntitiesRemoved':
      return removeProject(tx, event.data.projectId);
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * The states a run of changes leaves, set-based: each (flag, environment) takes its last change of the run (the read
 * model holds only the latest), then the rollout groups' references of those states are replaced.
 */
async function upsertStates(run: readonly RecordedEvent<entities.FlagStateChanged>[], tx: Transaction): Promise<void> {
  if (run.length === 0) return;
  const latest = [...new Map(run.map((event) => [`${event.data.flagId}:${event.data.environmentId}`, event])).values()];
  const states = latest.map((event) => event.data);
  await tx.query(
    `INSERT INTO flag_states (flag_id, environment_id, project_id, enabled, feature_state_value, multivariate_values, segment_overrides, version, changed_at)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::boolean[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::int[], $9::timestamptz[])
     ON CONFLICT (flag_id, environment_id) DO UPDATE SET project_id = EXCLUDED.project_id, enabled = EXCLUDED.enabled, feature_state_value = EXCLUDED.feature_state_value,
       multivariate_values = EXCLUDED.multivariate_values, segment_overrides = EXCLUDED.segment_overrides, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at`,
    [
      states.map((s) => s.flagId),
      states.map((s) => s.environmentId),
      states.map((s) => s.projectId),
      states.map((s) => s.state.enabled),
      states.map((s) => JSON.stringify(s.state.featureStateValue)),
      states.map((s) => JSON.stringify(s.state.multivariateValues)),
      states.map((s) => JSON.stringify(s.state.segmentOverrides)),
      latest.map((event) => event.streamPosition),
      latest.map((event) => event.createdAt),
    ],
  );
  await tx.query(
    `DELETE FROM entity_references r USING unnest($1::uuid[], $2::bigint[]) AS s(flag_id, environment_id)
      WHERE r.from_id = s.flag_id AND r.via_environment_id = s.environment_id`,
    [states.map((s) => s.flagId), states.map((s) => s.environmentId)],
  );
  const groups = states.flatMap((s) => s.state.segmentOverrides.map((group, i) => ({ via: s, to: group.segment_id, field: `segment_overrides.${i}.segment_id` })));
  if (groups.length === 0) return;
  await tx.query(
    `INSERT INTO entity_references (from_id, to_id, field, via_environment_id, via_project, project_id)
     SELECT g.from_id, g.to_id, g.field, g.environment_id, false, g.project_id FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[]) AS g(from_id, to_id, field, environment_id, project_id)`,
    [groups.map((g) => g.via.flagId), groups.map((g) => g.to), groups.map((g) => g.field), groups.map((g) => g.via.environmentId), groups.map((g) => g.via.projectId)],
  );
}

async function upsertProjectGroups(event: RecordedEvent<entities.ProjectRolloutGroupsChanged>, tx: Transaction): Promise<void> {
  const { flagId, projectId, segmentOverrides } = event.data;
  await tx.query(
    `INSERT INTO flag_project_overrides (flag_id, project_id, segment_overrides, version, changed_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (flag_id) DO UPDATE SET project_id = EXCLUDED.project_id, segment_overrides = EXCLUDED.segment_overrides, version = EXCLUDED.version,
       changed_at = EXCLUDED.changed_at`,
    [flagId, projectId, JSON.stringify(segmentOverrides), event.streamPosition, event.createdAt],
  );
  await tx.query('DELETE FROM entity_references WHERE from_id = $1 AND via_project', [flagId]);
  await insertGroupReferences(tx, { flagId, projectId, environmentId: null, viaProject: true }, segmentOverrides);
}

interface Via {
  flagId: string;
  projectId: number;
  environmentId: number | null;
  viaProject: boolean;
}

/** Each group holds on to its cohort: in its environment, or (a project group) in every one. */
async function insertGroupReferences(tx: Transaction, via: Via, groups: readonly entities.SegmentOverride[]): Promise<void> {
  if (groups.length === 0) return;
  await tx.query(
    `INSERT INTO entity_references (from_id, to_id, field, via_environment_id, via_project, project_id)
     SELECT $1, g.to_id, g.field, $4, $5, $6 FROM unnest($2::uuid[], $3::text[]) AS g(to_id, field)`,
    [via.flagId, groups.map((group) => group.segment_id), groups.map((_, i) => `segment_overrides.${i}.segment_id`), via.environmentId, via.viaProject, via.projectId],
  );
}

/** A deleted flag's states, groups and overrides go with it (its body's references go with the entities projection). */
async function removeFlag(tx: Transaction, flagId: string): Promise<void> {
  await tx.query('DELETE FROM entity_references WHERE from_id = $1 AND (via_project OR via_environment_id IS NOT NULL)', [flagId]);
  for (const table of ['flag_states', 'flag_project_overrides', 'identity_overrides', 'flag_evaluations']) await tx.query(`DELETE FROM ${table} WHERE flag_id = $1`, [flagId]);
}

async function removeEnvironment(tx: Transaction, environmentId: number): Promise<void> {
  await tx.query('DELETE FROM entity_references WHERE via_environment_id = $1', [environmentId]);
  for (const table of ['flag_states', 'identity_overrides', 'flag_evaluations']) await tx.query(`DELETE FROM ${table} WHERE environment_id = $1`, [environmentId]);
}

async function removeProject(tx: Transaction, projectId: number): Promise<void> {
  await tx.query('DELETE FROM entity_references WHERE project_id = $1 AND (via_project OR via_environment_id IS NOT NULL)', [projectId]);
  // identity_overrides has no project column: its rows go once their flag has (the removals projection has applied first).
  for (const table of ['identity_overrides', 'flag_evaluations']) await tx.query(`DELETE FROM ${table} WHERE flag_id NOT IN (SELECT id FROM entities WHERE kind = 'feature_flag')`);
  for (const table of ['flag_states', 'flag_project_overrides']) await tx.query(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
}
