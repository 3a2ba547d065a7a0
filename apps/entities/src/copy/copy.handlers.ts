import { Controller } from '@nestjs/common';
import { entities } from '@strata/contracts';
import { handleCommands, PostgresEventStore } from '@strata/eventstore';
import { HandlesCopy, type CopyReply, type CopyReq } from '../common/edge';
import { compareFlags } from './compare';
import { entityCopyPlan, flagStatesCopyPlan, type Planned } from './copy.plans';
import { loadStates, ownEntitiesOf } from './flag-states.queries';

const C = entities.EntitiesCopySubjects;

/**
 * `entities.compare` and `entities.copy.*` (SPEC §11). A comparison reads; each copy is one decision, planned in
 * `copy.plans.ts` and appended at once through the command handler (planned again on a lost race), answering the
 * report of the attempt that stood.
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
    return this.decide(() => flagStatesCopyPlan(this.store, request));
  }

  @HandlesCopy(C.copyEntity)
  async copyEntity(request: CopyReq<'entities.copy.entity'>): CopyReply<'entities.copy.entity'> {
    return this.decide(() => entityCopyPlan(this.store, request));
  }

  private async decide<Report>(plan: () => Promise<Planned<Report>>): Promise<Report> {
    let report: Report | undefined;
    await handleCommands(this.store, async () => {
      const planned = await plan();
      report = planned.report;
      return planned.plan;
    });
    return report!;
  }
}
