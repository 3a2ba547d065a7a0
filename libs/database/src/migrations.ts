import type { Migration as OrmMigration } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { assertSchemaName } from './database';

/**
 * A migration: `up()` adds its SQL with `addSql`. MikroORM's migrator runs them (never schema sync), but its stack
 * (~800 modules: knex, umzug, lodash…) is loaded only when a migration is pending, not by every start.
 */
export abstract class Migration {
  private readonly statements: string[] = [];

  abstract up(): Promise<void>;

  protected addSql(sql: string): void {
    this.statements.push(sql);
  }

  /** The SQL `up()` adds, in order. */
  async sql(): Promise<string[]> {
    this.statements.length = 0;
    await this.up();
    return [...this.statements];
  }
}

/** A migration that is nothing but its SQL, in order: `{ name, class: sqlMigration('CREATE TABLE …', …) }`. */
export function sqlMigration(...statements: readonly string[]): new () => Migration {
  return class extends Migration {
    override async up(): Promise<void> {
      for (const sql of statements) this.addSql(sql);
    }
  };
}

export interface MigrationSet {
  /** Ordered, uniquely named migrations. Names are recorded; never rename one that has run anywhere. */
  migrations: ReadonlyArray<{ name: string; class: new () => Migration }>;
}

const MIGRATION_TABLE = 'mikro_orm_migrations';

/**
 * Brings the service's schema up to date with MikroORM's migrator (never schema sync). The migration table lives in
 * the service's schema, so services migrate independently. Safe to run from several instances at once: a
 * transaction-level advisory lock on the schema name serialises them. A schema already up to date costs one query.
 */
export async function migrate(options: { url: string; schema: string } & MigrationSet): Promise<string[]> {
  assertSchemaName(options.schema);
  if (await isUpToDate(options)) return [];
  const { MikroORM } = await import('@mikro-orm/core');
  const { Migrator, Migration: OrmMigrationClass } = await import('@mikro-orm/migrations');
  const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    schema: options.schema,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: true,
    debug: false,
    // Migrations write unqualified names, like the services' queries: they land in the service schema.
    driverOptions: { connection: { options: `-c search_path=${options.schema}` } },
    pool: { min: 0, max: 2 },
    extensions: [Migrator],
    migrations: {
      tableName: MIGRATION_TABLE,
      migrationsList: options.migrations.map((m) => ({ name: m.name, class: ormMigrationOf(OrmMigrationClass, m.class) })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
  listOwnTablesOnly(orm.em.getPlatform().getSchemaHelper(), options.schema);
  // The lock is held on a connection of its own: MikroORM's pool may run each statement on another one.
  const lock = new Client({ connectionString: options.url });
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`strata-migrate:${options.schema}`]);
    // Inside the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide on pg_namespace's unique index.
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await lock.end().catch(() => undefined);
    await orm.close(true);
  }
}

/**
 * MikroORM's migrator looks for its table in a listing of every table of the database, each cast to `regclass`: a
 * table dropped meanwhile in any schema — another service's migration, another run's clean-up — failed that listing
 * (42P01, "relation … does not exist") although nothing of ours was wrong. Retrying only made that rarer. The
 * migrator needs to know of one table, in the schema it migrates, which the advisory lock keeps still: this ORM
 * instance lists that schema's tables only, with no cast that can fail.
 */
function listOwnTablesOnly(helper: { getListTablesSQL(schemaName?: string): string } | undefined, schema: string): void {
  if (!helper) throw new Error('the PostgreSQL driver has no schema helper');
  helper.getListTablesSQL = () =>
    'SELECT table_name, table_schema AS schema_name, NULL AS table_comment FROM information_schema.tables ' +
    `WHERE table_schema = '${schema}' AND table_type != 'VIEW' ORDER BY table_name`;
}

/** Whether every migration of the set is recorded in the schema's migration table (one query, no ORM). */
async function isUpToDate(options: { url: string; schema: string } & MigrationSet): Promise<boolean> {
  const client = new Client({ connectionString: options.url });
  try {
    await client.connect();
    const table = `"${options.schema}".${MIGRATION_TABLE}`;
    const [exists] = (await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table])).rows;
    if (!exists?.found) return false;
    const recorded = new Set((await client.query<{ name: string }>(`SELECT name FROM ${table}`)).rows.map((row) => row.name));
    return options.migrations.every((m) => recorded.has(m.name));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** MikroORM's migration class running one of ours. */
function ormMigrationOf(base: typeof OrmMigration, own: new () => Migration): new (...args: ConstructorParameters<typeof OrmMigration>) => OrmMigration {
  return class extends base {
    override async up(): Promise<void> {
      for (const sql of await new own().sql()) this.addSql(sql);
    }
  };
}
