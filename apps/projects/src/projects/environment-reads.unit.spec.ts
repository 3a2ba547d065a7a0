import type { Queryable } from '@strata/database';
import { EnvironmentReads } from './environment-reads';

function row(id: number) {
  return {
    id: String(id),
    uuid: `uuid-${id}`,
    project_id: '1',
    organization_id: 'org',
    name: `env ${id}`,
    api_token: `phc_${id}`,
    access_control: false,
    settings: {},
    grants: {},
    created_at: new Date('2026-01-01T00:00:00Z'),
    version: 3,
  };
}

function database(answer: (ids: number[]) => Promise<unknown[]>) {
  const queries: number[][] = [];
  const db = {
    query: (_sql: string, params: readonly unknown[] = []) => {
      const ids = params[0] as number[];
      queries.push(ids);
      return answer(ids);
    },
  } as Queryable;
  return { db, queries };
}

describe('environment reads', () => {
  it('answer the reads of one turn with one query, an unknown id with null', async () => {
    const { db, queries } = database(async (ids) => ids.filter((id) => id !== 9).map(row));
    const reads = new EnvironmentReads(db);

    const found = await Promise.all([reads.find(1), reads.find(2), reads.find(1), reads.find(9)]);

    expect(queries).toEqual([[1, 2, 9]]);
    expect(found.map((environment) => environment?.name ?? null)).toEqual(['env 1', 'env 2', 'env 1', null]);
    expect(found[0]).toMatchObject({ environmentId: 1, projectId: 1, version: 3, createdAt: '2026-01-01T00:00:00.000Z' });
  });

  it('query again for reads made after a batch was sent', async () => {
    const { db, queries } = database(async (ids) => ids.map(row));
    const reads = new EnvironmentReads(db);

    await reads.find(1);
    await reads.find(1);

    expect(queries).toEqual([[1], [1]]);
  });

  it('fail every read of a batch whose query failed', async () => {
    const { db } = database(async () => {
      throw new Error('connection lost');
    });
    const reads = new EnvironmentReads(db);

    const outcomes = await Promise.allSettled([reads.find(1), reads.find(2)]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
