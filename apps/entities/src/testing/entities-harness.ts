import { entities, type StrataError } from '@strata/contracts';
import type { Database } from '@strata/database';
import { RpcClient } from '@strata/messaging';
import { RunningSystem, SpecFixture } from '@strata/testing';

const S = entities.EntitiesSubjects;

/** What a call came to: its answer, or the refusal it met. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: StrataError };

/** A reference the graph's rules forbid, as the read model holds it. */
export interface Violation {
  from_id: string;
  from_environment_id: string | null;
  to_id: string;
  to_environment_id: string | null;
}

/**
 * The entities service as its own process (`RunningSystem`), called over NATS exactly as the gateway calls it; `db`
 * reads the service's read models in its schema, for assertions only.
 */
export class EntitiesHarness {
  private readonly system = RunningSystem.forSpecs({ apps: ['entities'] });
  private readonly running = new SpecFixture(
    async () => ({ rpc: new RpcClient({ nc: await this.system.kit.nats(), prefix: this.system.kit.natsPrefix }), db: await this.system.kit.database('entities') }),
    async ({ rpc }) => rpc.close(),
  );

  static forSpecs(): EntitiesHarness {
    return new EntitiesHarness();
  }

  /** What the service logged so far, for failure messages. */
  output(): string[] {
    return this.system.output('entities');
  }

  get db(): Database {
    return this.running.current.db;
  }

  ask<K extends entities.EntitiesSubject>(subject: K, payload: entities.EntitiesRequest<K>): Promise<entities.EntitiesResponse<K>> {
    return this.running.current.rpc.request<entities.EntitiesResponse<K>>(subject, payload);
  }

  transfer<K extends keyof entities.EntitiesTransferRpc>(subject: K, payload: entities.EntitiesTransferRpc[K]['request'], timeoutMs?: number): Promise<entities.EntitiesTransferRpc[K]['response']> {
    return this.running.current.rpc.request<entities.EntitiesTransferRpc[K]['response']>(subject, payload, { timeoutMs });
  }

  adoption<K extends keyof entities.EntitiesAdoptionRpc>(subject: K, payload: entities.EntitiesAdoptionRpc[K]['request']): Promise<entities.EntitiesAdoptionRpc[K]['response']> {
    return this.running.current.rpc.request<entities.EntitiesAdoptionRpc[K]['response']>(subject, payload);
  }

  copy<K extends keyof entities.EntitiesCopyRpc>(subject: K, payload: entities.EntitiesCopyRpc[K]['request']): Promise<entities.EntitiesCopyRpc[K]['response']> {
    return this.running.current.rpc.request<entities.EntitiesCopyRpc[K]['response']>(subject, payload);
  }

  history<K extends keyof entities.EntitiesHistoryRpc>(subject: K, payload: entities.EntitiesHistoryRpc[K]['request']): Promise<entities.EntitiesHistoryRpc[K]['response']> {
    return this.running.current.rpc.request<entities.EntitiesHistoryRpc[K]['response']>(subject, payload);
  }

  /** Never throws: the answer or the refusal, for calls raced against each other. */
  attempt<K extends entities.EntitiesSubject>(subject: K, payload: entities.EntitiesRequest<K>): Promise<Outcome<entities.EntitiesResponse<K>>> {
    return this.ask(subject, payload).then(
      (value) => ({ ok: true, value }),
      (error: StrataError) => ({ ok: false, error }),
    );
  }

  async create(scope: entities.EnvironmentScope, kind: entities.EntityKind, fields: Record<string, unknown>, isProjectWide = false): Promise<entities.Entity> {
    return (await this.ask(S.create, { in: scope, kind, fields: fields as entities.KindFields, isProjectWide })).result;
  }

  /**
   * Every body reference of the project that breaks the graph's invariants: to an entity that is gone, of another
   * project, or environment-specific while the referencing one is project-wide or of another environment.
   */
  async violations(projectId: number): Promise<Violation[]> {
    return this.db.query<Violation>(
      `SELECT r.from_id::text, f.environment_id::text AS from_environment_id, r.to_id::text, t.environment_id::text AS to_environment_id
         FROM entity_references r JOIN entities f ON f.id = r.from_id LEFT JOIN entities t ON t.id = r.to_id
        WHERE f.project_id = $1 AND NOT r.via_project AND r.via_environment_id IS NULL
          AND (t.id IS NULL OR t.project_id <> f.project_id OR (t.environment_id IS NOT NULL AND t.environment_id IS DISTINCT FROM f.environment_id))`,
      [projectId],
    );
  }
}

/** A cohort whose rules name `cohortIds` (IN_COHORT) and `actionIds` (PERFORMED_ACTION). */
export function cohortFields(name: string, cohortIds: readonly string[] = [], actionIds: readonly string[] = []): Record<string, unknown> {
  const conditions = [
    ...cohortIds.map((id) => ({ property_: '', operator: 'IN_COHORT', value: id })),
    ...actionIds.map((id) => ({ property_: '', operator: 'PERFORMED_ACTION', value: id })),
  ];
  return { name, rules: [{ type: 'ALL', rules: [], conditions: conditions.length > 0 ? conditions : [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }] };
}
