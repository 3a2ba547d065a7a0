import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { entities } from '@strata/contracts';
import { handleCommands, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { parseRequest } from '../common/parse';
import type { Seen } from './entity';
import { entitiesPage, findVisible, entityBody } from './entities.queries';
import { planCreation, planDeletion, planDemotion, planPromotion, planUpdate } from './scope-decisions';

const S = entities.EntitiesSubjects;
type Rpc<K extends entities.EntitiesSubject> = entities.EntitiesResponse<K>;

/**
 * `entities.*` for the nine kinds (SPEC §4.4): one implementation, the kind in the payload. Reads come from the read
 * model the appends keep (so a write is read back at once); writes go through the one command handler.
 */
@Controller()
export class EntitiesHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.list)
  async list(@Payload() payload: unknown): Promise<Rpc<'entities.list'>> {
    const { in: scope, kind, scope: listScope, search, page } = parseRequest(S.list, payload);
    return entitiesPage(this.store.db, { kind, ...scope, scope: listScope, search }, page);
  }

  @MessagePattern(S.listProjectWide)
  async listProjectWide(@Payload() payload: unknown): Promise<Rpc<'entities.listProjectWide'>> {
    const { projectId, kind, search, page } = parseRequest(S.listProjectWide, payload);
    return entitiesPage(this.store.db, { kind, projectId, scope: 'project', search }, page);
  }

  @MessagePattern(S.get)
  async get(@Payload() payload: unknown): Promise<Rpc<'entities.get'>> {
    const { in: scope, kind, id } = parseRequest(S.get, payload);
    return this.read({ kind, ...scope }, id);
  }

  @MessagePattern(S.create)
  async create(@Payload() payload: unknown): Promise<Rpc<'entities.create'>> {
    const { in: scope, kind, fields, tags, isProjectWide } = parseRequest(S.create, payload);
    const from: Seen = { kind, ...scope };
    const id = uuidv7();
    await handleCommands(this.store, () => planCreation(this.store, { from, fields: fields as entities.KindFields, tags: tags ?? [], isProjectWide: isProjectWide ?? false }, id));
    return this.read(from, id);
  }

  @MessagePattern(S.update)
  async update(@Payload() payload: unknown): Promise<Rpc<'entities.update'>> {
    const { in: scope, kind, id, changes, tags, isProjectWide, ifMatch } = parseRequest(S.update, payload);
    const from: Seen = { kind, ...scope };
    await handleCommands(this.store, async () => planUpdate(this.store, { from, current: await findVisible(this.store.db, from, id), changes, tags, isProjectWide, ifMatch }));
    return this.read(from, id);
  }

  @MessagePattern(S.delete)
  async delete(@Payload() payload: unknown): Promise<Rpc<'entities.delete'>> {
    const { in: scope, kind, id, ifMatch } = parseRequest(S.delete, payload);
    const from: Seen = { kind, ...scope };
    await handleCommands(this.store, async () => {
      await findVisible(this.store.db, from, id);
      return planDeletion(this.store, from, id, ifMatch);
    });
    return {};
  }

  /** The entity and all it reaches become project-wide in one append; a dry run answers the same and changes nothing. */
  @MessagePattern(S.makeProjectWide)
  async makeProjectWide(@Payload() payload: unknown): Promise<Rpc<'entities.makeProjectWide'>> {
    const { in: scope, kind, id, dryRun } = parseRequest(S.makeProjectWide, payload);
    const from: Seen = { kind, ...scope };
    let promoted: entities.EntityRef[] = [];
    const plan = async () => {
      const current = await findVisible(this.store.db, from, id);
      const planned = await planPromotion(this.store, from, current.id);
      promoted = planned.promoted.map((node) => ({ kind: node.kind, id: node.id }));
      return dryRun ? [] : planned.plan;
    };
    await handleCommands(this.store, plan);
    const { result, version } = await this.read(from, id);
    return { result: dryRun ? { ...result, is_project_wide: true, environment_id: null } : result, promoted, version };
  }

  @MessagePattern(S.makeEnvironmentSpecific)
  async makeEnvironmentSpecific(@Payload() payload: unknown): Promise<Rpc<'entities.makeEnvironmentSpecific'>> {
    const { in: scope, kind, id } = parseRequest(S.makeEnvironmentSpecific, payload);
    const from: Seen = { kind, ...scope };
    await handleCommands(this.store, async () => {
      const current = await findVisible(this.store.db, from, id);
      return current.environment_id === null ? planDemotion(this.store, from, id) : [];
    });
    return this.read(from, id);
  }

  private async read(from: Seen, id: string): Promise<entities.EntityResponse> {
    const row = await findVisible(this.store.db, from, id);
    return { result: entityBody(row), version: row.version };
  }
}
