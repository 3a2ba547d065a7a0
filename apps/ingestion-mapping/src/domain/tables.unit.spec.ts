import fc from 'fast-check';
import { IngestionTables, type TableEvent } from './tables';
import {
  environmentCreated,
  environmentDeleted,
  groupTypeRegistered,
  log,
  movedIn,
  movedOut,
  projectDeleted,
  taxonomyRemoved,
  token,
  tokenReset,
} from './tables.fixtures';

const A = token('a');
const B = token('b');
const C = token('c');

function tablesOf(events: TableEvent[]): IngestionTables {
  const tables = new IngestionTables();
  for (const { event, origin } of log(events)) tables.apply(event, origin);
  return tables;
}

describe('ingestion tables', () => {
  it('route a token and an environment id to the environment and its project', () => {
    const tables = tablesOf([environmentCreated(7, 7, A), environmentCreated(8, 7, B)]);
    expect(tables.routeOfToken(B)).toEqual({ environmentId: 8, projectId: 7, token: B });
    expect(tables.routeOfEnvironment(7)).toEqual({ environmentId: 7, projectId: 7, token: A });
    expect(tables.routeOfToken(C)).toBeUndefined();
  });

  it('stop resolving a rotated token at once and resolve the new one', () => {
    const tables = tablesOf([environmentCreated(7, 7, A), tokenReset(7, 7, A, B)]);
    expect(tables.routeOfToken(A)).toBeUndefined();
    expect(tables.routeOfToken(B)).toEqual({ environmentId: 7, projectId: 7, token: B });
  });

  it('forget a deleted environment and its token', () => {
    const tables = tablesOf([environmentCreated(7, 7, A), environmentCreated(8, 7, B), environmentDeleted(8, 7, B)]);
    expect(tables.routeOfToken(B)).toBeUndefined();
    expect(tables.routeOfEnvironment(8)).toBeUndefined();
    expect(tables.routeOfToken(A)).toBeDefined();
  });

  it('follow an environment moved to another project, from whichever half of the move arrives first', () => {
    const before = [environmentCreated(7, 7, A), environmentCreated(9, 9, C)];
    const outFirst = tablesOf([...before, movedOut(9, 9, 7, C), movedIn(9, 7, 9, C)]);
    const inFirst = tablesOf([...before, movedIn(9, 7, 9, C), movedOut(9, 9, 7, C)]);
    for (const tables of [outFirst, inFirst]) {
      expect(tables.routeOfToken(C)).toEqual({ environmentId: 9, projectId: 7, token: C });
      expect(tables.routeOfEnvironment(9)?.projectId).toBe(7);
    }
  });

  it('drop every environment and group type of a deleted project, but not an environment moved away before', () => {
    const tables = tablesOf([
      environmentCreated(7, 7, A),
      environmentCreated(8, 7, B),
      groupTypeRegistered(7, 'company', 0),
      movedOut(8, 7, 9, B),
      projectDeleted(7, [[7, A]]),
    ]);
    expect(tables.routeOfToken(A)).toBeUndefined();
    expect(tables.routeOfToken(B)).toEqual({ environmentId: 8, projectId: 9, token: B });
    expect(tables.groupTypesOf(7)).toBeUndefined();
  });

  it('map group types per project, and forget them when the taxonomy is removed', () => {
    const tables = tablesOf([groupTypeRegistered(7, 'company', 0), groupTypeRegistered(7, 'project', 1), groupTypeRegistered(9, 'company', 0)]);
    expect([...(tables.groupTypesOf(7) ?? [])]).toEqual([['company', 0], ['project', 1]]);
    const removal = log([taxonomyRemoved(7)])[0];
    tables.apply(removal.event, { ...removal.origin, streamPosition: 3 });
    expect(tables.groupTypesOf(7)).toBeUndefined();
    expect(tables.groupTypesOf(9)?.get('company')).toBe(0);
  });

  it('learn a registration from taxonomy’s answer before its event arrives, and agree with the event', () => {
    const tables = new IngestionTables();
    tables.learnGroupTypes(7, { company: 0 });
    const [registered] = log([groupTypeRegistered(7, 'company', 0)]);
    expect(tables.apply(registered.event, registered.origin)).toBe(true);
    expect([...(tables.groupTypesOf(7) ?? [])]).toEqual([['company', 0]]);
  });

  it('apply a redelivered event once, even after later events of its stream', () => {
    const entries = log([environmentCreated(7, 7, A), tokenReset(7, 7, A, B)]);
    const tables = new IngestionTables();
    for (const { event, origin } of entries) tables.apply(event, origin);
    expect(tables.apply(entries[0].event, entries[0].origin)).toBe(false);
    expect(tables.routeOfToken(A)).toBeUndefined();
  });

  it('converge to the same tables when any prefix of the log is replayed again (property)', () => {
    const histories = fc.constantFrom(
      [environmentCreated(7, 7, A), environmentCreated(8, 7, B), tokenReset(8, 7, B, C), groupTypeRegistered(7, 'company', 0)],
      [environmentCreated(7, 7, A), tokenReset(7, 7, A, B), tokenReset(7, 7, B, C), environmentCreated(9, 9, A)],
      [environmentCreated(7, 7, A), environmentCreated(9, 9, C), movedOut(9, 9, 7, C), movedIn(9, 7, 9, C), projectDeleted(9, [])],
      [environmentCreated(7, 7, A), environmentCreated(8, 7, B), environmentDeleted(8, 7, B), groupTypeRegistered(7, 'team', 0), taxonomyRemoved(7)],
    );
    fc.assert(
      fc.property(histories, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), (history, replays) => {
        const entries = log(history);
        const once = new IngestionTables();
        for (const { event, origin } of entries) once.apply(event, origin);
        const replayed = new IngestionTables();
        // After the i-th live event, a redelivery replays a slice of what was already delivered.
        const delivered = entries.flatMap((entry, i) => {
          const replay = replays.find(([after]) => after % entries.length === i);
          if (replay === undefined) return [entry];
          const from = replay[1] % (i + 1);
          return [entry, ...entries.slice(from, i + 1)];
        });
        for (const { event, origin } of delivered) replayed.apply(event, origin);
        expect(replayed.snapshot()).toEqual(once.snapshot());
      }),
    );
  });

  it('restored from a snapshot at any point of the log, end equal to tables that applied it all (property)', () => {
    const history = [
      environmentCreated(7, 7, A),
      environmentCreated(9, 9, C),
      tokenReset(7, 7, A, B),
      movedOut(9, 9, 7, C),
      movedIn(9, 7, 9, C),
      groupTypeRegistered(7, 'company', 0),
      tokenReset(9, 7, C, A),
      environmentDeleted(9, 7, A),
      projectDeleted(9, []),
    ];
    const entries = log(history);
    fc.assert(
      fc.property(fc.nat(entries.length), fc.nat(entries.length), (cut, redelivered) => {
        const whole = new IngestionTables();
        for (const { event, origin } of entries) whole.apply(event, origin);
        const before = new IngestionTables();
        for (const { event, origin } of entries.slice(0, cut)) before.apply(event, origin);
        const restored = new IngestionTables();
        restored.restore(JSON.parse(JSON.stringify(before.capture())));
        // The tail, from a little before the cut: what the snapshot covers is passed over, as a redelivery.
        for (const { event, origin } of entries.slice(Math.min(cut, redelivered))) restored.apply(event, origin);
        expect(restored.capture()).toEqual(whole.capture());
      }),
    );
  });
});
