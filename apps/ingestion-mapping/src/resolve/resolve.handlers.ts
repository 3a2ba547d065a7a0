import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ingestion } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { completeBatch, resolveBatch, type FirstPass } from '../domain';
import { MapperState } from '../mapper-state';
import { ObservationRecorder } from '../observations/observation-recorder';
import { tablesDigest } from './tables-digest';
import { registerGroupTypes } from './group-type-registrar';

/**
 * `ingestion.resolve` (SPEC §5), answered from the in-memory tables: no database query per event. A raw JSON request
 * (`nats req ingestion.resolve '{"events": [...]}'`) gets the bare JSON reply, errors included (the RPC server's
 * doing).
 */
@Controller()
export class ResolveHandlers {
  private readonly observations: ObservationRecorder;

  constructor(
    @Inject(MapperState) private readonly state: MapperState,
    store: PostgresEventStore,
  ) {
    this.observations = new ObservationRecorder(state.batcher, store);
  }

  /** Answered at once unless the batch holds new group types (registered first) or never-seen names (stored first). */
  @MessagePattern(ingestion.IngestionSubjects.resolve)
  resolve(@Payload() body: unknown): ingestion.ResolveResponse | Promise<ingestion.ResolveResponse> {
    const { tables, batcher } = this.state;
    const pass = resolveBatch(tables, body, batcher, Date.now());
    if (pass.toRegister.size === 0 && this.observations.isUpToDate) return { results: pass.results };
    return this.complete(pass);
  }

  @MessagePattern(ingestion.IngestionSubjects.tablesDigest)
  digest(): ingestion.TablesDigest {
    return tablesDigest(this.state.tables, this.state.isCaughtUp());
  }

  private async complete(pass: FirstPass): Promise<ingestion.ResolveResponse> {
    const { tables, batcher, taxonomy } = this.state;
    if (pass.toRegister.size > 0) await registerGroupTypes(taxonomy, tables, pass.toRegister);
    const response = completeBatch(pass, tables, batcher);
    await this.observations.recordPending();
    return response;
  }
}
