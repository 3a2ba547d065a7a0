import { ConflictError, PreconditionFailedError, ValidationError } from '@strata/contracts';
import { handleCommand, handleCommands, onStream } from './command-handler';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './event-store';
import { eventStoreForSpecs } from './testing/fixtures';
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

/** A transfer is a decision over two streams: both change, or neither. */
function transfer(from: string, to: string, amount: number, options: { toExpected?: 'no_stream' } = {}) {
  const take = (left: number): QuotaCommand => {
    if (left < amount) throw new ConflictError('not enough quota', 'insufficient_quota');
    return { type: 'Use', amount };
  };
  return [onStream(quota, from, take), onStream(quota, to, { type: 'Grant', amount }, { expectedVersion: options.toExpected })] as const;
}

describe('handleCommand', () => {
  const { db, store } = eventStoreForSpecs('eventstore_commands');

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

    const outcomes = await Promise.allSettled([1, 2].map(() => handleCommand(store, quota, 'quota-3', { type: 'Use', amount: 1 }, { retry: false })));

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.readStream('quota-3')).version).toBe(2);
  });

  it('retries a command that lost a race on the version it read, and refuses one whose pinned version lost', async () => {
    await handleCommand(store, quota, 'quota-4', { type: 'Grant', amount: 10 });

    const racing = [1, 2, 3].map(() => handleCommand(store, quota, 'quota-4', { type: 'Use', amount: 1 }));
    await Promise.all(racing);
    const pinnedLoser = handleCommand(store, quota, 'quota-4', { type: 'Use', amount: 1 }, { expectedVersion: 1 });

    await expect(pinnedLoser).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.readStream('quota-4')).version).toBe(4);
  });

  it('decides over several streams and appends to them together', async () => {
    await handleCommand(store, quota, 'quota-a', { type: 'Grant', amount: 5 });

    const [from, to] = await handleCommands(store, transfer('quota-a', 'quota-b', 3));

    expect([from.newState, to.newState]).toEqual([2, 3]);
    await expect(handleCommands(store, transfer('quota-a', 'quota-b', 1, { toExpected: 'no_stream' }), { retry: false })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await expect(handleCommands(store, transfer('quota-a', 'quota-c', 1), { retry: { attempts: 1, isConflict: () => false } })).resolves.toHaveLength(2);
    await expect(handleCommands(store, transfer('quota-a', 'quota-b', 5))).rejects.toBeInstanceOf(ConflictError);
    expect([(await store.readStream('quota-a')).version, (await store.readStream('quota-b')).version]).toEqual([3, 1]);
  });

  it('runs a planning function again after a lost race, so what it looked up is looked up again', async () => {
    await handleCommand(store, quota, 'quota-5', { type: 'Grant', amount: 1 });
    let plans = 0;
    const plan = async () => {
      plans++;
      const current = await store.aggregateStream('quota-5', quota);
      // The first plan loses: another writer appends between its read and its append.
      if (plans === 1) await store.appendToStream('quota-5', [{ type: 'QuotaGranted', data: { amount: 1 } }], { expectedVersion: current.version });
      return [onStream(quota, 'quota-5', { type: 'Use', amount: 1 }, { from: current })] as const;
    };

    await expect(handleCommands(store, plan, { retry: false })).rejects.toBeInstanceOf(ConcurrencyError);
    plans = 0;
    const [used] = await handleCommands(store, plan);

    expect(plans).toBe(2);
    expect(used).toMatchObject({ newState: 2, nextVersion: 4 });
  });

  it('records the metadata of the request context on every event, under what the command adds', async () => {
    const withContext = new PostgresEventStore(db, { metadata: () => ({ correlationId: 'c-1', causationId: 'e-0', actor: 'user:7' }) });

    const { events } = await handleCommand(withContext, quota, 'quota-6', { type: 'Grant', amount: 1 }, { metadata: { actor: 'service:test' } });

    expect(events[0].metadata).toEqual({ correlationId: 'c-1', causationId: 'e-0', actor: 'service:test' });
    expect((await store.readStream('quota-6')).events[0].metadata).toEqual({ correlationId: 'c-1', causationId: 'e-0', actor: 'service:test' });
  });
});
