import type { PoolClient } from 'pg';
import { AppendNotifier, appendNotifier } from './append-notifier';

/** A connection whose queries resolve (or fail) when the test says so. */
function connection(name: string, log: string[]) {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const client = {
    query: jest.fn((_sql: string, params: unknown[]) => {
      log.push(`${name}: notify ${String(params[0])}`);
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    }),
    release: jest.fn((error?: Error | boolean) => void log.push(`${name}: released${error ? ' broken' : ''}`)),
  };
  const settle = async (error?: Error): Promise<void> => {
    const next = pending.shift()!;
    if (error) next.reject(error);
    else next.resolve();
    await new Promise((r) => setImmediate(r));
  };
  return { client: client as unknown as PoolClient, settle };
}

describe('AppendNotifier', () => {
  it('keeps one NOTIFY in flight and sends one more after it for every commit it did not cover', async () => {
    const log: string[] = [];
    const notifier = new AppendNotifier('ch');
    const a = connection('a', log);
    const b = connection('b', log);
    const c = connection('c', log);

    notifier.afterCommit(a.client);
    notifier.afterCommit(b.client);
    notifier.afterCommit(c.client);
    await a.settle();
    await a.settle();

    expect(log).toEqual(['a: notify ch', 'b: released', 'c: released', 'a: notify ch', 'a: released']);
  });

  it('starts afresh after a NOTIFY that failed, and does not hand its connection back for reuse', async () => {
    const log: string[] = [];
    const notifier = new AppendNotifier('ch');
    const a = connection('a', log);
    const b = connection('b', log);

    notifier.afterCommit(a.client);
    await a.settle(new Error('connection terminated'));
    notifier.afterCommit(b.client);
    await b.settle();

    expect(log).toEqual(['a: notify ch', 'a: released broken', 'b: notify ch', 'b: released']);
  });

  it('is shared by every event store of one pool and channel', () => {
    const pool = {};

    expect(appendNotifier(pool, 'x')).toBe(appendNotifier(pool, 'x'));
    expect(appendNotifier(pool, 'y')).not.toBe(appendNotifier(pool, 'x'));
    expect(appendNotifier({}, 'x')).not.toBe(appendNotifier(pool, 'x'));
  });
});
