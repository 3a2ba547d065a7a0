import { randomBytes } from 'node:crypto';
import { Database, migrate, Migration } from './index';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

class CreateNotes extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  }
}

describe('Database and migrations', () => {
  const schema = `t_${randomBytes(4).toString('hex')}_database`;
  let db: Database;

  beforeAll(async () => {
    db = new Database({ url, schema });
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });

  it('applies each migration once, into the service schema only', async () => {
    const first = await migrate({ url, schema, migrations: [{ name: 'create-notes', class: CreateNotes }] });
    const second = await migrate({ url, schema, migrations: [{ name: 'create-notes', class: CreateNotes }] });

    expect(first).toEqual(['create-notes']);
    expect(second).toEqual([]);
    const tables = await db.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['mikro_orm_migrations', 'notes']);
  });

  it('serialises migrations started from several instances at once', async () => {
    const other = `${schema}_b`;
    const runs = await Promise.all(
      [1, 2, 3].map(() => migrate({ url, schema: other, migrations: [{ name: 'create-notes', class: CreateNotes }] })),
    );
    await db.query(`DROP SCHEMA ${other} CASCADE`);

    expect(runs.flat()).toEqual(['create-notes']);
  });

  it('migrates while tables of other schemas are created and dropped (the migrator lists every table first)', async () => {
    const churn = `${schema}_churn`;
    await db.query(`CREATE SCHEMA ${churn}`);
    let churning = true;
    const dropping = (async () => {
      for (let round = 0; churning; round++) {
        await db.query(`CREATE TABLE IF NOT EXISTS ${churn}.t${round % 40} (id int)`);
        await db.query(`DROP TABLE IF EXISTS ${churn}.t${(round + 20) % 40}`);
      }
    })();
    const schemas = Array.from({ length: 8 }, (_, index) => `${schema}_m${index}`);
    try {
      for (const target of schemas) {
        expect(await migrate({ url, schema: target, migrations: [{ name: 'create-notes', class: CreateNotes }] })).toEqual(['create-notes']);
      }
    } finally {
      churning = false;
      await dropping;
      for (const target of [churn, ...schemas]) await db.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`);
    }
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.transaction((tx) => tx.query('INSERT INTO notes VALUES (1, $1)', ['kept']));
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (2, $1)', ['lost']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await db.query('SELECT id, body FROM notes ORDER BY id')).toEqual([{ id: 1, body: 'kept' }]);
  });

  it('refuses a schema name that could inject SQL', () => {
    expect(() => new Database({ url, schema: 'x; DROP TABLE y' })).toThrow('invalid schema name');
  });
});
