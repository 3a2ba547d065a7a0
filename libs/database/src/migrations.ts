import { MikroORM, type Constructor } from '@mikro-orm/core';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { assertSchemaName } from './database';

export { Migration };

export interface MigrationSet {
  /** Ordered, uniquely named migrations. Names are recorded; never rename one that has run anywhere. */
  migrations: ReadonlyArray<{ name: string; class: Constructor<Migration> }>;
}

/**
 * Brings the service's schema up to date with MikroORM's migrator (never schema sync). The migration table lives in
 * the service's schema, so services migrate independently. Safe to run from several instances at once: a
 * transaction-level advisory lock on the schema name serialises them.
 */
export async function migrate(options: { url: string; schema: string } & MigrationSet): Promise<string[]> {
  assertSchemaName(options.schema);
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
      tableName: 'mikro_orm_migrations',
      migrationsList: options.migrations.map((m) => ({ name: m.name, class: m.class })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
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
