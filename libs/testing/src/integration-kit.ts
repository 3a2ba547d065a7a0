import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { Database } from '@strata/database';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * One integration test run's private corner of the shared Postgres and NATS: schemas named `t_<run>_<name>` and
 * NATS subjects/streams under the prefix `t<run>.` / `t<run>_`. `cleanup()` drops every schema it handed out and
 * deletes every stream whose name carries the run's prefix, so runs never collide and leave nothing behind.
 */
export class IntegrationKit {
  readonly runId: string;
  /** NATS subject prefix (`NATS_PREFIX`) for this run. */
  readonly natsPrefix: string;
  private readonly schemas = new Set<string>();
  private readonly databases: Database[] = [];
  private connection?: NatsConnection;

  private constructor(runId: string) {
    this.runId = runId;
    this.natsPrefix = `t${runId}.`;
  }

  static create(): IntegrationKit {
    return new IntegrationKit(randomBytes(4).toString('hex'));
  }

  readonly databaseUrl = TEST_DATABASE_URL;
  readonly natsUrl = TEST_NATS_URL;

  /** A schema name of this run (not created: migrations or `database()` create it). */
  schema(name: string): string {
    const schema = `t_${this.runId}_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
    this.schemas.add(schema);
    return schema;
  }

  /** A pool bound to this run's schema `name`, created if missing. */
  async database(name: string, poolSize = 5): Promise<Database> {
    const db = new Database({ url: this.databaseUrl, schema: this.schema(name), poolSize });
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
    this.databases.push(db);
    return db;
  }

  /** The run's shared NATS connection. */
  async nats(): Promise<NatsConnection> {
    this.connection ??= await connect({ servers: this.natsUrl, name: `test-${this.runId}` });
    return this.connection;
  }

  /** Environment variables that point a service process at this run's schema and prefix. */
  serviceEnv(service: string): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema(service),
      NATS_URL: this.natsUrl,
      NATS_PREFIX: this.natsPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      // A busy CI machine can keep a request waiting seconds: a spec asserts answers, not the production deadline.
      RPC_TIMEOUT_MS: process.env.TEST_RPC_TIMEOUT_MS ?? '15000',
    };
  }

  async cleanup(): Promise<void> {
    const nc = await this.nats();
    const jsm = await nc.jetstreamManager();
    const streamPrefix = `t${this.runId}_`;
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(streamPrefix)) await jsm.streams.delete(name);
    }
    await nc.drain();
    for (const db of this.databases) await db.close();
    const admin = new Database({ url: this.databaseUrl, schema: 'public', poolSize: 1 });
    try {
      for (const schema of this.schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await admin.close();
    }
  }
}
