import { Controller } from '@nestjs/common';
import { entities } from '@strata/contracts';
import { atVersion, handleCommands, PostgresEventStore, uuidv7, type StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';
import { HandlesCopy, type CopyReply, type CopyReq } from '../common/edge';
import { graphStream } from '../common/streams';
import { findVisible } from '../entities/entities.queries';
import { graphGuard } from '../entities/graph-stream';
import { compareFlags, stateKey } from './compare';
import { entityCopyCommands, identityCommands, stateCommand, stateGuards } from './copy-commands';
import { copyReport, planEntityCopy, type EntityCopyPlan } from './entity-copy';
import { loadCopySource, loadCopyTarget } from './entity-copy.queries';
import { changeOf, cohortsNotVisible, differencesOf } from './flag-state-copy';
import { identityOverridesOf, loadStates, ownEntitiesOf } from './flag-states.queries';

const C = entities.EntitiesCopySubjects;
type Plan = StreamCommand<unknown, entities.EntitiesEvent>[];

/**
 * `entities.compare` and `entities.copy.*` (SPEC §11). Each copy is one decision: it reads the graph version of the
 * projects it touches before the read model, plans with the pure rules (`flag-state-copy.ts`, `entity-copy.ts`) and
 * appends everything at once through the command handler — a dry run plans the same and appends nothing.
 */
@Controller()
export class CopyHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @HandlesCopy(C.compare)
  async compare({ projectId, base, head }: CopyReq<'entities.compare'>): CopyReply<'entities.compare'> {
    const environmentIds: [number, number] = [base.id, head.id];
    const [seen, owned] = await Promise.all([loadStates(this.store.db, { projectId, environmentIds }), ownEntitiesOf(this.store.db, environmentIds)]);
    return { base, head, flags: compareFlags(seen, base.id, head.id), own_entities: { base: owned.get(base.id) ?? [], head: owned.get(head.id) ?? [] } };
  }

  @HandlesCopy(C.copyFlagStates)
  async copyFlagStates(request: CopyReq<'entities.copy.flagStates'>): CopyReply<'entities.copy.flagStates'> {
    const { projectId, fromEnvironmentId, toEnvironmentId, flagIds, dryRun } = request;
    const to = { projectId, environmentId: toEnvironmentId };
    let response: entities.CopyFlagStatesResponse = { changes: [], created: [] };
    await handleCommands(this.store, async () => {
      const guard = await graphGuard(this.store, projectId);
      const seen = await loadStates(this.store.db, { projectId, environmentIds: [fromEnvironmentId, toEnvironmentId] }, flagIds);
      const identityOverrides = request.includeIdentityOverrides ? await identityOverridesOf(this.store.db, seen.flags.map((flag) => flag.id), [fromEnvironmentId, toEnvironmentId]) : undefined;
      const { differences, hidden } = differencesOf(seen, { fromEnvironmentId, toEnvironmentId, flagIds, identityOverrides });
      if (hidden.length > 0 && !request.copyCohorts) throw cohortsNotVisible(hidden);
      const cohorts = await this.cohortCopies({ projectId, environmentId: fromEnvironmentId }, to, [...new Set(hidden.map((group) => group.segment_id))]);
      const shown = dryRun ? new Map<string, string>() : cohorts.ids;
      const planned = differences.map((difference) => ({ difference, ...changeOf(difference, shown, seen) }));
      response = { changes: planned.map(({ change }) => change), created: copyReport(cohorts, dryRun).created };
      if (dryRun || planned.length === 0) return [];
      const scopes = new Map([...seen.cohorts].map(([id, cohort]) => [id, cohort.environmentId]));
      for (const { entity } of cohorts.created) scopes.set(entity.id, toEnvironmentId);
      const writes = planned.flatMap(({ difference: { flag, identities }, changes }): Plan => [
        stateCommand({ flagId: flag.id, fields: flag.fields, changes, cohorts: scopes, to, current: seen.states.get(stateKey(toEnvironmentId, flag.id)) ?? { state: { status: 'default' }, version: 0 } }),
        ...stateGuards(flag, seen.projectGroups.get(flag.id)?.version ?? 0),
        ...identityCommands(identities, to),
      ]);
      return [...(await entityCopyCommands(this.store.db, cohorts, to)), ...writes, guard([...planned.map(({ change }) => change.id), ...cohorts.created.map(({ entity }) => entity.id)])];
    });
    return response;
  }

  @HandlesCopy(C.copyEntity)
  async copyEntity({ from, to, kind, id, dependencies, dryRun }: CopyReq<'entities.copy.entity'>): CopyReply<'entities.copy.entity'> {
    let response: entities.CopyEntityResponse = { created: [], linked: [] };
    await handleCommands(this.store, async () => {
      const marks = await graphGuard(this.store, to.projectId);
      const sourceGraph = from.projectId === to.projectId ? [] : [atVersion(graphStream(from.projectId), await this.store.streamVersion(graphStream(from.projectId)))];
      await findVisible(this.store.db, { kind, ...from }, id);
      const source = await loadCopySource(this.store.db, from, [id]);
      const plan = planEntityCopy([id], source, await loadCopyTarget(this.store.db, to, from.projectId, source), dependencies, now(), uuidv7);
      response = copyReport(plan, dryRun);
      if (dryRun) return [];
      return [...(await entityCopyCommands(this.store.db, plan, to)), ...sourceGraph, marks(plan.created.map(({ entity }) => entity.id))];
    });
    return response;
  }

  /** The source environment's own cohorts that rollout groups use, and what they reference, copied as the target's own. */
  private async cohortCopies(from: entities.EnvironmentScope, to: entities.EnvironmentScope, cohortIds: string[]): Promise<EntityCopyPlan> {
    if (cohortIds.length === 0) return { created: [], linked: [], ids: new Map(), states: [] };
    const source = await loadCopySource(this.store.db, from, cohortIds);
    const target = { scope: to, sameProject: true, visible: new Map(), flagKeys: new Map() };
    return planEntityCopy(cohortIds, source, target, 'copy', now(), uuidv7);
  }
}
