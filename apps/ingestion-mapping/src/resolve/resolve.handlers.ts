import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ingestion } from '@strata/contracts';
import { completeBatch, resolveBatch, type FirstPass } from '../domain';
import { MapperState } from '../mapper-state';
import { tablesDigest } from './tables-digest';
import { registerGroupTypes } from './group-type-registrar';

/**
 * `ingestion.resolve` (SPEC §5), answered from the in-memory tables: no database query per event. A raw JSON request
 * (`nats req ingestion.resolve '{"events": [...]}'`) gets the bare JSON reply, errors included (the RPC server's
 * doing). A batch without new group types is answered synchronously; one with new types waits for their registration.
 */
@Controller()
export class ResolveHandlers {
  constructor(@Inject(MapperState) private readonly state: MapperState) {}

  @MessagePattern(ingestion.IngestionSubjects.resolve)
  resolve(@Payload() body: unknown): ingestion.ResolveResponse | Promise<ingestion.ResolveResponse> {
    const { tables, batcher } = this.state;
    const pass = resolveBatch(tables, body, batcher, Date.now());
    if (pass.toRegister.size === 0) return { results: pass.results };
    return this.registerThenComplete(pass);
  }

  @MessagePattern(ingestion.IngestionSubjects.tablesDigest)
  digest(): ingestion.TablesDigest {
    return tablesDigest(this.state.tables, this.state.isCaughtUp());
  }

  private async registerThenComplete(pass: FirstPass): Promise<ingestion.ResolveResponse> {
    const { tables, batcher, taxonomy } = this.state;
    await registerGroupTypes(taxonomy, tables, pass.toRegister);
    return completeBatch(pass, tables, batcher);
  }
}
