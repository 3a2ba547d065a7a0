import type { Transaction } from '@strata/database';
import { appendInTransaction } from './append';

describe('appendInTransaction', () => {
  it('sends no NOTIFY from the append transaction: it would serialise the commits of every notifying transaction', async () => {
    const sent: string[] = [];
    const tx: Transaction = {
      async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
        sent.push(sql);
        if (sql.includes('max(e.stream_position)')) return [] as Row[];
        if (sql.includes('INSERT INTO events')) {
          const ids = params[0] as string[];
          return ids.map((id, i) => ({ id, global_position: String(i + 1), transaction_id: '7', created_at: new Date(0) })) as Row[];
        }
        return [] as Row[];
      },
    };

    const [result] = await appendInTransaction(tx, { schema: 's', projections: [] }, [{ streamId: 'a', expectedVersion: 'any', events: [{ type: 'T', data: 1 }] }], {});

    expect(result.nextVersion).toBe(1);
    expect(sent.some((sql) => /notify/i.test(sql))).toBe(false);
  });
});
