import { PreconditionFailedError } from '@strata/contracts';
import { appendOnce, atVersion, handleCommands, onStream } from './command-handler';
import { ConcurrencyError } from './errors';
import { eventStoreForSpecs } from './testing/fixtures';
import type { Decider, Event } from './types';

type CountEvent = Event<'Counted', { by: number }>;

const counter: Decider<number, { type: 'Count'; by: number }, CountEvent> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: (command) => [{ type: 'Counted', data: { by: command.by } }],
};

const counted = (by: number): CountEvent => ({ type: 'Counted', data: { by } });

describe('aggregateStream', () => {
  const { store } = eventStoreForSpecs('eventstore_aggregate');

  it('folds a stream with evolve from the initial state, at the version it read', async () => {
    await store.appendToStream('count-1', [counted(2), counted(3)], { expectedVersion: 'no_stream' });
    await store.appendToStream('count-1', [counted(4)], { expectedVersion: 2 });

    expect(await store.aggregateStream('count-1', counter)).toEqual({ state: 9, version: 3 });
  });

  it('answers the initial state at version 0 for a stream that does not exist', async () => {
    expect(await store.aggregateStream('count-none', counter)).toEqual({ state: 0, version: 0 });
  });

  it('gives a decision the state and version to append on: a change in between conflicts', async () => {
    await store.appendToStream('count-2', [counted(1)], { expectedVersion: 'no_stream' });
    const current = await store.aggregateStream('count-2', counter);
    await store.appendToStream('count-2', [counted(1)], { expectedVersion: 'any' });

    await expect(handleCommands(store, [onStream(counter, 'count-2', { type: 'Count', by: 1 }, { from: current })], { retry: false })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
  });
});

describe('atVersion', () => {
  const { store } = eventStoreForSpecs('eventstore_at_version');

  it('appends nothing as a guard, and lets the decision through while the guarded stream is where it was seen', async () => {
    await store.appendToStream('guarded-1', [counted(1)], { expectedVersion: 'no_stream' });

    const [counting, guard] = await handleCommands(store, [onStream(counter, 'count-3', { type: 'Count', by: 5 }), atVersion('guarded-1', 1)] as const);

    expect(counting.nextVersion).toBe(1);
    expect(guard).toEqual({ events: [], newState: null, nextVersion: 1 });
    expect((await store.readStream('guarded-1')).version).toBe(1);
  });

  it('makes the whole append conflict when the guarded stream moved on — a lost race, decided again, never a 412', async () => {
    await store.appendToStream('guarded-2', [counted(1)], { expectedVersion: 'no_stream' });
    const plan = [onStream(counter, 'count-4', { type: 'Count', by: 5 }), atVersion('guarded-2', 1)] as const;
    await store.appendToStream('guarded-2', [counted(1)], { expectedVersion: 1 });

    const refused = handleCommands(store, plan, { retry: false });

    await expect(refused).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(refused).rejects.not.toBeInstanceOf(PreconditionFailedError);
    expect((await store.readStream('count-4')).version).toBe(0);
    let plans = 0;
    const replanned = await handleCommands(store, async () => {
      plans++;
      return [onStream(counter, 'count-4', { type: 'Count', by: 5 }), atVersion('guarded-2', await store.streamVersion('guarded-2'))] as const;
    });
    expect(plans).toBe(1);
    expect(replanned[0].nextVersion).toBe(1);
  });

  it('appends its events at the expected version without a decider, and writes a record only where no stream is', async () => {
    const [marked] = await handleCommands(store, [atVersion('marks-1', 0, [counted(1), counted(2)])] as const);
    expect(marked.nextVersion).toBe(2);
    expect((await store.readStream<CountEvent>('marks-1')).events.map((e) => e.data.by)).toEqual([1, 2]);

    await handleCommands(store, [atVersion('record-1', 'no_stream', [counted(7)])] as const);
    await expect(handleCommands(store, [atVersion('record-1', 'no_stream', [counted(8)])] as const, { retry: false })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.aggregateStream('record-1', counter)).toEqual({ state: 7, version: 1 });
  });
});

describe('appendOnce', () => {
  const { store } = eventStoreForSpecs('eventstore_append_once');

  it('appends a new stream once: a second append is answered false and stores nothing', async () => {
    expect(await appendOnce(store, 'once-1', [counted(1)])).toBe(true);
    expect(await appendOnce(store, 'once-1', [counted(2)])).toBe(false);

    expect(await store.aggregateStream('once-1', counter)).toEqual({ state: 1, version: 1 });
  });

  it('lets exactly one of several racing appends of one record stand', async () => {
    const outcomes = await Promise.all([1, 2, 3, 4].map((by) => appendOnce(store, 'once-2', [counted(by)])));

    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await store.readStream('once-2')).version).toBe(1);
  });
});
