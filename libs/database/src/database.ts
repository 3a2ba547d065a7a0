import { Pool, type PoolClient, type PoolConfig } from 'pg';

/** Something SQL can be sent to: the pool itself or one open transaction. Parameters are `$1, $2, …`. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** An open transaction. Everything done through it commits or rolls back together. */
export type Transaction = Queryable;

export interface DatabaseOptions {
  /** `postgres://user@host:port/db` */
  url: string;
  /** The service's own schema: every unqualified table name resolves there (`search_path`). */
  schema: string;
  poolSize?: number;
  /** Shown in `pg_stat_activity`, so an operator can tell the services apart. */
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}": lower-case letters, digits and _ only`);
}

/**
 * The one way a service talks to Postgres: a pool bound to the service's schema. Raw SQL on purpose: the event store
 * and the read models are hot paths whose queries we want to see and tune; MikroORM owns the migrations.
 */
export class Database implements Queryable {
  readonly pool: Pool;
  readonly schema: string;

  constructor(options: DatabaseOptions) {
    assertSchemaName(options.schema);
    this.schema = options.schema;
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? options.schema,
      options: `-c search_path=${options.schema},public`,
      connectionTimeoutMillis: 5_000,
    };
    this.pool = new Pool(config);
    // An idle client that loses its connection (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }

  /** Runs `work` in one transaction: commit when it resolves, roll back when it throws (and rethrow). */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(clientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** A dedicated connection (for LISTEN): the caller releases it. */
  async connect(): Promise<PoolClient> {
    return this.pool.connect();
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function clientQueryable(client: PoolClient): Transaction {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
  };
}

/** Postgres error codes the services react to. */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function isPgError(error: unknown, code?: string): error is Error & { code: string; constraint?: string } {
  return typeof error === 'object' && error !== null && 'code' in error && (code === undefined || (error as { code: unknown }).code === code);
}
