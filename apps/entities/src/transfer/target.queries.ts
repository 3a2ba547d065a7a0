import { projects, type entities, type exportFormat } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { AggregateState } from '@strata/eventstore';
import type { EntityRow } from '../entities/entities.queries';
import type { FlagStateState } from '../flags/flag-state';
import { loadedState, type FlagStateRow } from '../flags/flags.queries';

/**
 * What an import plans and decides on: the project's tags, cohorts, flags, actions, flag states and identity
 * overrides as the read model holds them, in id order (creation order: the k-th of a name is the k-th created), each
 * state at its stream's version so the append conflicts if anything changed since.
 */

export interface ImportTarget {
  target: exportFormat.TargetProject;
  cohorts: Map<string, EntityRow>;
  flags: Map<string, EntityRow>;
  actions: { id: string; name: string; environmentId: number | null }[];
  /** Keyed `<environmentId>:<flagId>`. */
  states: Map<string, AggregateState<FlagStateState>>;
  projectGroups: Map<string, AggregateState<entities.SegmentOverride[]>>;
  tagLabels: Set<string>;
}

const COLUMNS = 'id, kind, project_id, environment_id, fields, tags, version, created_at, updated_at';

export async function loadTarget(db: Database, projectId: number, environmentIds: Record<string, number>, withIdentities: boolean): Promise<ImportTarget> {
  const tags = await db.query<{ id: string; label: string }>('SELECT id, label FROM tags WHERE project_id = $1 ORDER BY id', [projectId]);
  const rows = await db.query<EntityRow>(`SELECT ${COLUMNS} FROM entities WHERE project_id = $1 AND kind IN ('cohort', 'feature_flag', 'action') ORDER BY id`, [projectId]);
  const ofKind = (kind: entities.EntityKind) => rows.filter((row) => row.kind === kind);
  const stateRows = await db.query<FlagStateRow>('SELECT * FROM flag_states WHERE project_id = $1', [projectId]);
  const groupRows = await db.query<{ flag_id: string; segment_overrides: entities.SegmentOverride[]; version: number }>('SELECT * FROM flag_project_overrides WHERE project_id = $1', [projectId]);
  const identities = withIdentities ? await identitiesOf(db, projectId) : [];
  const environments = Object.entries(environmentIds).map(([name, id]) => ({ id, name, settings: { ...projects.DEFAULT_ENVIRONMENT_SETTINGS } }));
  const target: exportFormat.TargetProject = {
    tags,
    cohorts: ofKind('cohort').map((row) => ({ id: row.id, name: String(row.fields.name) })),
    flags: ofKind('feature_flag').map((row) => ({ id: row.id, key: String(row.fields.key), options: optionsOf(row) })),
    environments,
    states: targetStates(stateRows, groupRows, identities),
  };
  return {
    target,
    cohorts: new Map(ofKind('cohort').map((row) => [row.id, row])),
    flags: new Map(ofKind('feature_flag').map((row) => [row.id, row])),
    actions: ofKind('action').map((row) => ({ id: row.id, name: String(row.fields.name), environmentId: row.environment_id === null ? null : Number(row.environment_id) })),
    states: new Map(stateRows.map((row) => [`${row.environment_id}:${row.flag_id}`, loadedState(row)])),
    projectGroups: new Map(groupRows.map((row) => [row.flag_id, { state: row.segment_overrides, version: row.version }])),
    tagLabels: new Set(tags.map((tag) => tag.label.toLowerCase())),
  };
}



/** A flag's options have no ids of their own in Strata: an option is its place in the list, which states allocate by. */
function optionsOf(row: EntityRow): exportFormat.TargetProject['flags'][number]['options'] {
  const options = ((row.fields as entities.KindFields<'feature_flag'>).multivariate_options ?? []) as exportFormat.ExportMultivariateOption[];
  return options.map((option, index) => ({ ...option, id: String(index) }));
}

async function identitiesOf(db: Database, projectId: number): Promise<{ flag_id: string; environment_id: string; identifier: string }[]> {
  return db.query(
    `SELECT o.flag_id, o.environment_id, o.identifier FROM identity_overrides o JOIN entities e ON e.id = o.flag_id
      WHERE e.project_id = $1 ORDER BY o.flag_id, o.environment_id, o.identifier COLLATE "C"`,
    [projectId],
  );
}

/**
 * The planner's view of states: each (environment, flag) with environment groups or identity overrides, and — under
 * environment 0, which no environment has — each flag's project groups, which belong to no one environment.
 */
function targetStates(
  stateRows: FlagStateRow[],
  groupRows: { flag_id: string; segment_overrides: entities.SegmentOverride[] }[],
  identities: { flag_id: string; environment_id: string; identifier: string }[],
): exportFormat.TargetProject['states'] {
  const states = new Map<string, exportFormat.TargetProject['states'][number]>();
  const entry = (environmentId: number, flagId: string) => {
    const key = `${environmentId}:${flagId}`;
    if (!states.has(key)) states.set(key, { environment_id: environmentId, flag_id: flagId, segment_overrides: [], identity_overrides: [] });
    return states.get(key)!;
  };
  for (const row of stateRows) entry(Number(row.environment_id), row.flag_id).segment_overrides.push(...row.segment_overrides.map((group) => ({ cohort_id: group.segment_id, scope: group.scope })));
  for (const row of groupRows) entry(0, row.flag_id).segment_overrides.push(...row.segment_overrides.map((group) => ({ cohort_id: group.segment_id, scope: group.scope })));
  for (const row of identities) entry(Number(row.environment_id), row.flag_id).identity_overrides.push(row.identifier);
  return [...states.values()];
}
