import type { Database } from '@strata/database';
import { ConflictError, PreconditionFailedError, ValidationError } from '@strata/contracts';
import { handleCommand, handleMultiStreamCommand, type MultiStreamDecider } from './command-handler';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './event-store';
import { retryOnConflict } from './retry';
import { eventStoreSchema } from './testing/fixtures';
import type { Decider, Event } from './types';

type QuotaEvent = Event<'QuotaGranted', { amount: number }> | Event<'QuotaUsed', { amount: number }>;
type QuotaCommand = { type: 'Grant'; amount: number } | { type: 'Use'; amount: number };

const quota: Decider<number, QuotaCommand, QuotaEvent> = {
  initialState: () => 0,
  evolve: (left, event) => (event.type === 'QuotaGranted' ? left + event.data.amount : left - event.data.amount),
  decide(command, left) {
    if (command.type === 'Grant') return [{ type: 'QuotaGranted', data: { amount: command.amount } }];
    if (command.amount > left) throw new ValidationError(`only ${left} left`, 'amount');
    return command.amount === 0 ? [] : [{ type: 'QuotaUsed', data: { amount: command.amount } }];
  },
};

type Transfer = { from: string; to: string; amount: number };
const transfers: MultiStreamDecider<number, Transfer, QuotaEvent> = {
  initialState: quota.initialState,
  evolve: quota.evolve,
  decide({ from, to, amount }, states) {
    if ((states.get(from) ?? 0) < amount) throw new ConflictError('not enough quota', 'insufficient_quota');
    return new Map([
      [from, [{ type: 'QuotaUsed', data: { amount } }]],
      [to, [{ type: 'QuotaGranted', data: { amount } }]],
    ]);
  },
};

describe('handleCommand', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ db, drop } = await eventStoreSchema('eventstore_commands'));
    store = new PostgresEventStore(db);
  });

  afterAll(() => drop());

  it('reads, decides and appends, returning the recorded events, the new state and the next version', async () => {
    await handleCommand(store, quota, 'quota-1', { type: 'Grant', amount: 10 });

    const result = await handleCommand(store, quota, 'quota-1', { type: 'Use', amount: 4 }, { metadata: { actor: 'user:1' } });

    expect(result.newState).toBe(6);
    expect(result.nextVersion).toBe(2);
    expect(result.events).toMatchObject([{ type: 'QuotaUsed', data: { amount: 4 }, streamPosition: 2, metadata: { actor: 'user:1' } }]);
  });

  it('fails a stale If-Match before deciding, and stores nothing when the decider refuses or decides nothing', async () => {
    await handleCommand(store, quota, 'quota-2', { type: 'Grant', amount: 1 });

    await expect(handleCommand(store, quota, 'quota-2', { type: 'Use', amount: 1 }, { expectedVersion: 0 })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(handleCommand(store, quota, 'quota-2', { type: 'Use', amount: 5 })).rejects.toBeInstanceOf(ValidationError);
    expect(await handleCommand(store, quota, 'quota-2', { type: 'Use', amount: 0 })).toMatchObject({ events: [], newState: 1, nextVersion: 1 });
    expect((await store.readStream('quota-2')).version).toBe(1);
  });

  it('lets one of two racing commands on the version it read win and the other conflict', async () => {
    await handleCommand(store, quota, 'quota-3', { type: 'Grant', amount: 1 });

    const outcomes = await Promise.allSettled([1, 2].map(() => handleCommand(store, quota, 'quota-3', { type: 'Use', amount: 1 })));

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.readStream('quota-3')).version).toBe(2);
  });

  it('retries a command that lost a race on the version it read, and refuses one whose pinned version lost', async () => {
    await handleCommand(store, quota, 'quota-4', { type: 'Grant', amount: 10 });

    const racing = [1, 2, 3].map(() => retryOnConflict(() => handleCommand(store, quota, 'quota-4', { type: 'Use', amount: 1 })));
    await Promise.all(racing);
    const pinnedLoser = retryOnConflict(() => handleCommand(store, quota, 'quota-4', { type: 'Use', amount: 1 }, { expectedVersion: 1 }), { pinned: true });

    await expect(pinnedLoser).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.readStream('quota-4')).version).toBe(4);
  });

  it('decides over several streams and appends to them together', async () => {
    await handleCommand(store, quota, 'quota-a', { type: 'Grant', amount: 5 });

    const results = await handleMultiStreamCommand(store, transfers, ['quota-a', 'quota-b'], { from: 'quota-a', to: 'quota-b', amount: 3 });

    expect([results.get('quota-a')?.newState, results.get('quota-b')?.newState]).toEqual([2, 3]);
    await expect(
      handleMultiStreamCommand(store, transfers, ['quota-a', 'quota-b'], { from: 'quota-a', to: 'quota-b', amount: 1 }, { expectedVersions: { 'quota-b': 'no_stream' } }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect([(await store.readStream('quota-a')).version, (await store.readStream('quota-b')).version]).toEqual([2, 1]);
  });
});
