import { Controller } from '@nestjs/common';
import { entities } from '@strata/contracts';
import { handleCommands, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import type { Seen } from './entity';
import { dependentsSeenFrom, entitiesPage, findVisible, entityBody } from './entities.queries';
import { planCreation, planDeletion, planDemotion, planPromotion, planUpdate } from './entities.plans';

/**
 * `entities.*` for the nine kinds (SPEC §4.4): one implementation, the kind in the payload. Reads come from the read
 * model the appends keep (so a write is read back at once); writes go through the one command handler.
 */
@Controller()
export class EntitiesHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.list)
  async list({ in: scope, kind, scope: listScope, search, stale, page }: Req<'entities.list'>): Reply<'entities.list'> {
    return entitiesPage(this.store.db, { kind, ...scope, scope: listScope, search, stale }, page);
  }

  @Handles(S.listProjectWide)
  async listProjectWide({ projectId, kind, search, page }: Req<'entities.listProjectWide'>): Reply<'entities.listProjectWide'> {
    return entitiesPage(this.store.db, { kind, projectId, scope: 'project', search }, page);
  }

  @Handles(S.get)
  async get({ in: scope, kind, id }: Req<'entities.get'>): Reply<'entities.get'> {
    return this.read({ kind, ...scope }, id);
  }

  @Handles(S.create)
  async create({ in: scope, kind, fields, tags, isProjectWide }: Req<'entities.create'>): Reply<'entities.create'> {
    const from: Seen = { kind, ...scope };
    const id = uuidv7();
    await handleCommands(this.store, () => planCreation(this.store, { from, fields: fields as entities.KindFields, tags: tags ?? [], isProjectWide: isProjectWide ?? false }, id));
    return this.read(from, id);
  }

  @Handles(S.update)
  async update({ in: scope, kind, id, changes, tags, isProjectWide, ifMatch }: Req<'entities.update'>): Reply<'entities.update'> {
    const from: Seen = { kind, ...scope };
    await handleCommands(this.store, async () => planUpdate(this.store, { from, current: await findVisible(this.store.db, from, id), changes, tags, isProjectWide, ifMatch }));
    return this.read(from, id);
  }

  @Handles(S.delete)
  async delete({ in: scope, kind, id, ifMatch }: Req<'entities.delete'>): Reply<'entities.delete'> {
    const from: Seen = { kind, ...scope };
    await handleCommands(this.store, async () => {
      await findVisible(this.store.db, from, id);
      return planDeletion(this.store, from, id, ifMatch);
    });
    return {};
  }

  /** The entity and all it reaches become project-wide in one append; a dry run answers the same and changes nothing. */
  @Handles(S.makeProjectWide)
  async makeProjectWide({ in: scope, kind, id, dryRun }: Req<'entities.makeProjectWide'>): Reply<'entities.makeProjectWide'> {
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

  @Handles(S.makeEnvironmentSpecific)
  async makeEnvironmentSpecific({ in: scope, kind, id }: Req<'entities.makeEnvironmentSpecific'>): Reply<'entities.makeEnvironmentSpecific'> {
    const from: Seen = { kind, ...scope };
    await handleCommands(this.store, async () => {
      const current = await findVisible(this.store.db, from, id);
      return current.environment_id === null ? planDemotion(this.store, from, id) : [];
    });
    return this.read(from, id);
  }

  /** What this environment sees that depends on the entity (an entity has few: the gateway cuts the page). */
  @Handles(S.dependents)
  async dependents({ in: scope, kind, id }: Req<'entities.dependents'>): Reply<'entities.dependents'> {
    const results = await dependentsSeenFrom(this.store.db, { kind, ...scope }, id);
    return { count: results.length, results };
  }

  private async read(from: Seen, id: string): Promise<entities.EntityResponse> {
    const row = await findVisible(this.store.db, from, id);
    return { result: entityBody(row), version: row.version };
  }
}
