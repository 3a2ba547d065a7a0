import { entities } from '@strata/contracts';
import { atVersion, uuidv7, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';
import { graphStream } from '../common/streams';
import { findVisible } from '../entities/entities.queries';
import { graphGuard } from '../entities/graph-stream';
import { stateKey } from './compare';
import { entityCopyCommands, identityCommands, stateCommand, stateGuards } from './copy-commands';
import { copyReport, planEntityCopy, type EntityCopyPlan } from './entity-copy';
import { loadCopySource, loadCopyTarget } from './entity-copy.queries';
import { changeOf, cohortsNotVisible, differencesOf } from './flag-state-copy';
import { identityOverridesOf, loadStates } from './flag-states.queries';

/**
 * The plans of the copies (SPEC §11): each reads the graph version of the projects it touches before the read model,
 * decides with the pure rules (`flag-state-copy.ts`, `entity-copy.ts`), and names every stream to append and guard —
 * with the report the decision answers. A dry run plans the same and appends nothing.
 */

type Plan = StreamCommand<unknown, entities.EntitiesEvent>[];
export interface Planned<Report> {
  report: Report;
  plan: Plan;
}

export async function flagStatesCopyPlan(store: PostgresEventStore, request: entities.CopyFlagStatesRequest): Promise<Planned<entities.CopyFlagStatesResponse>> {
  const { projectId, fromEnvironmentId, toEnvironmentId, flagIds, dryRun } = request;
  const to = { projectId, environmentId: toEnvironmentId };
  const guard = await graphGuard(store, projectId);
  const seen = await loadStates(store.db, { projectId, environmentIds: [fromEnvironmentId, toEnvironmentId] }, flagIds);
  const identityOverrides = request.includeIdentityOverrides ? await identityOverridesOf(store.db, seen.flags.map((flag) => flag.id), [fromEnvironmentId, toEnvironmentId]) : undefined;
  const { differences, hidden } = differencesOf(seen, { fromEnvironmentId, toEnvironmentId, flagIds, identityOverrides });
  if (hidden.length > 0 && !request.copyCohorts) throw cohortsNotVisible(hidden);
  const cohorts = await cohortCopies(store, { projectId, environmentId: fromEnvironmentId }, to, [...new Set(hidden.map((group) => group.segment_id))]);
  // A dry run creates no cohort: its `after` states name the source's, which `created` lists as what would be copied.
  const planned = differences.map((difference) => ({ difference, ...changeOf(difference, dryRun ? new Map() : cohorts.ids) }));
  const report = { changes: planned.map(({ change }) => change), created: copyReport(cohorts, dryRun).created };
  if (dryRun || planned.length === 0) return { report, plan: [] };
  const scopes = new Map([...seen.cohorts].map(([id, cohort]) => [id, cohort.environmentId]));
  for (const { entity } of cohorts.created) scopes.set(entity.id, toEnvironmentId);
  const writes = planned.flatMap(({ difference: { flag, identities }, changes }): Plan => [
    stateCommand({ flagId: flag.id, fields: flag.fields, changes, cohorts: scopes, to, current: seen.states.get(stateKey(toEnvironmentId, flag.id)) ?? { state: { status: 'default' }, version: 0 } }),
    ...stateGuards(flag, seen.projectGroups.get(flag.id)?.version ?? 0),
    ...identityCommands(identities, to),
  ]);
  const marked = [...planned.map(({ change }) => change.id), ...cohorts.created.map(({ entity }) => entity.id)];
  return { report, plan: [...(await entityCopyCommands(store.db, cohorts, to)), ...writes, guard(marked)] };
}

export async function entityCopyPlan(store: PostgresEventStore, request: entities.CopyEntityRequest): Promise<Planned<entities.CopyEntityResponse>> {
  const { from, to, kind, id, dependencies, dryRun } = request;
  const marks = await graphGuard(store, to.projectId);
  const sourceGraph = from.projectId === to.projectId ? [] : [atVersion(graphStream(from.projectId), await store.streamVersion(graphStream(from.projectId)))];
  await findVisible(store.db, { kind, ...from }, id);
  const source = await loadCopySource(store.db, from, [id]);
  const copy = planEntityCopy([id], source, await loadCopyTarget(store.db, to, from.projectId, source), dependencies, now(), uuidv7);
  const report = copyReport(copy, dryRun);
  if (dryRun) return { report, plan: [] };
  return { report, plan: [...(await entityCopyCommands(store.db, copy, to)), ...sourceGraph, marks(copy.created.map(({ entity }) => entity.id))] };
}

/** The source environment's own cohorts that rollout groups use, and what they reference, copied as the target's own. */
async function cohortCopies(store: PostgresEventStore, from: entities.EnvironmentScope, to: entities.EnvironmentScope, cohortIds: string[]): Promise<EntityCopyPlan> {
  if (cohortIds.length === 0) return { created: [], linked: [], ids: new Map(), states: [] };
  const source = await loadCopySource(store.db, from, cohortIds);
  const target = { scope: to, sameProject: true, visible: new Map(), flagKeys: new Map() };
  return planEntityCopy(cohortIds, source, target, 'copy', now(), uuidv7);
}
