import { Controller } from '@nestjs/common';
import { ConflictError, entities } from '@strata/contracts';
import { handleBulkCommands, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { appliedRecord, recordApplied } from '../common/applied-once';
import { now } from '../common/clock';
import { HandlesAdoption, type AdoptionReply, type AdoptionReq } from '../common/edge';
import { graphGuard } from '../entities/graph-stream';
import { adoptionCommands } from './adoption-commands';
import { planAdoption, reportOnly, type AdoptionPlan } from './adoption-plan';
import { loadAdoptionSource, type AdoptionScope } from './adoption-source.queries';

const A = entities.EntitiesAdoptionSubjects;
const adoptionStream = (adoptionId: string): string => `entities-adoption-${adoptionId}`;

/**
 * `entities.adoption.*` (SPEC §7), asked by the projects service's adoption process: the report of what moving an
 * environment would do to its entities, and the move itself — one atomic append, at most once per adoption id.
 */
@Controller()
export class AdoptionHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @HandlesAdoption(A.plan)
  async plan(scope: AdoptionReq<'entities.adoption.plan'>): AdoptionReply<'entities.adoption.plan'> {
    return reportOnly(await this.planned(scope));
  }

  @HandlesAdoption(A.move)
  async move({ adoptionId, ...scope }: AdoptionReq<'entities.adoption.move'>): AdoptionReply<'entities.adoption.move'> {
    const stream = adoptionStream(adoptionId);
    await handleBulkCommands(this.store, async () => {
      // An earlier attempt of this adoption may have moved them meanwhile: then nothing is appended, and its record answers.
      if ((await appliedRecord(this.store, stream)) !== undefined) return [];
      const guards = await Promise.all([graphGuard(this.store, scope.sourceProjectId), graphGuard(this.store, scope.targetProjectId)]);
      const plan = await this.planned(scope);
      if (plan.report.flag_keys.length > 0) throw collision(plan);
      const ids = [...plan.moved, ...plan.copies].map(({ entity }) => entity.id);
      const data = { adoptionId, ...scope, report: plan.report, at: now() };
      return [...guards.map((mark) => mark(ids)), ...(await adoptionCommands(this.store.db, plan, scope)), recordApplied(stream, { type: 'EntitiesAdopted', data })];
    });
    const recorded = await appliedRecord<entities.EntitiesAdopted>(this.store, stream);
    return recorded!.report;
  }

  private async planned(scope: AdoptionScope): Promise<AdoptionPlan> {
    return planAdoption(await loadAdoptionSource(this.store.db, scope), scope, now(), uuidv7);
  }
}

/** 409: flag keys are unique in a project, and the target has some of the environment's already. */
function collision(plan: AdoptionPlan): ConflictError {
  const keys = plan.report.flag_keys.map((collision) => collision.key).join(', ');
  return new ConflictError(`The target project already has flags with these keys: ${keys}.`, 'flag_key_collision', null, { report: reportOnly(plan) });
}
