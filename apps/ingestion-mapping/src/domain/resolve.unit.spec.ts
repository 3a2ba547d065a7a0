import { ValidationError } from '@strata/contracts';
import { ObservationBatcher } from './observation-batcher';
import { completeBatch, resolveBatch } from './resolve';
import { IngestionTables, type TableEvent } from './tables';
import { environmentCreated, environmentDeleted, groupTypeRegistered, log, token, tokenReset } from './tables.fixtures';

const A = token('a');
const B = token('b');
const OTHER = token('o');
const NOW = Date.parse('2025-01-01T10:00:00.000Z');

function tablesOf(events: TableEvent[]): IngestionTables {
  const tables = new IngestionTables();
  for (const { event, origin } of log(events)) tables.apply(event, origin);
  return tables;
}

const event = (fields: Record<string, unknown> = {}) => ({ token: A, event: '$pageview', distinct_id: 'u1', properties: {}, groups: {}, ...fields });
/** Two environments (7, 8) of project 7, environment 9 of project 9. */
const base = [environmentCreated(7, 7, A), environmentCreated(8, 7, B), environmentCreated(9, 9, OTHER)];
const resolve = (tables: IngestionTables, events: unknown[], sink: ObservationBatcher | null = null) => resolveBatch(tables, { events }, sink, NOW);

describe('resolve', () => {
  it('answers one result per event, in order, good ones intact beside bad tokens', () => {
    const tables = tablesOf([...base, groupTypeRegistered(7, 'company', 0)]);
    const pass = resolve(tables, [event(), event({ token: 'phc_unknown' }), event({ token: B, groups: { company: 'acme' } })]);
    expect(pass.toRegister.size).toBe(0);
    expect(pass.results).toEqual([
      { ok: true, team_id: 7, project_id: 7, groups: {} },
      { ok: false, error: 'unknown_token' },
      { ok: true, team_id: 8, project_id: 7, groups: { $group_0: 'acme' } },
    ]);
  });

  it('accepts team_id instead of token, and prefers the token when both are sent', () => {
    const tables = tablesOf(base);
    const { token: _token, ...withoutToken } = event({ team_id: 8 });
    expect(resolve(tables, [withoutToken, event({ team_id: 9 }), { ...withoutToken, team_id: 99 }]).results).toEqual([
      { ok: true, team_id: 8, project_id: 7, groups: {} },
      { ok: true, team_id: 7, project_id: 7, groups: {} },
      { ok: false, error: 'unknown_team_id' },
    ]);
  });

  it('refuses rotated and deleted tokens', () => {
    const tables = tablesOf([...base, tokenReset(7, 7, A, token('n')), environmentDeleted(8, 7, B)]);
    expect(resolve(tables, [event(), event({ token: B }), event({ token: token('n') })]).results).toEqual([
      { ok: false, error: 'unknown_token' },
      { ok: false, error: 'unknown_token' },
      { ok: true, team_id: 7, project_id: 7, groups: {} },
    ]);
  });

  it.each([
    ['not an object', 'just a string', 'invalid_event'],
    ['an array', [], 'invalid_event'],
    ['neither token nor team id', { event: 'e', distinct_id: 'u' }, 'missing_token'],
    ['a numeric token', event({ token: 7 }), 'invalid_token'],
    ['a fractional team id', { event: 'e', distinct_id: 'u', team_id: 7.5 }, 'invalid_team_id'],
    ['a string team id', { event: 'e', distinct_id: 'u', team_id: '7' }, 'invalid_team_id'],
    ['no event name', event({ event: undefined }), 'invalid_event'],
    ['an empty event name', event({ event: '' }), 'invalid_event'],
    ['no distinct id', event({ distinct_id: undefined }), 'invalid_distinct_id'],
    ['an object distinct id', event({ distinct_id: { id: 1 } }), 'invalid_distinct_id'],
    ['array properties', event({ properties: [1, 2] }), 'invalid_properties'],
    ['string properties', event({ properties: 'plan=pro' }), 'invalid_properties'],
    ['array groups', event({ groups: ['acme'] }), 'invalid_groups'],
    ['an object group key', event({ groups: { company: { id: 1 } } }), 'invalid_groups'],
    ['an empty group key', event({ groups: { company: '' } }), 'invalid_groups'],
    ['a blank group type', event({ groups: { ' ': 'acme' } }), 'invalid_groups'],
    ['a NUL in a group type', event({ groups: { 'com\u0000pany': 'acme' } }), 'invalid_groups'],
    ['a NUL in the event name', event({ event: 'poison\u0000evt' }), 'invalid_name'],
    ['a lone surrogate in the event name', event({ event: 'poison\ud800' }), 'invalid_name'],
    ['a NUL in a property name', event({ properties: { 'a\u0000b': 1 } }), 'invalid_name'],
    ['a lone surrogate in a $set name', event({ properties: { $set: { '\udc00plan': 'pro' } } }), 'invalid_name'],
    ['a NUL in a $group_set name', event({ properties: { $group_set: { 'x\u0000': 1 } } }), 'invalid_name'],
  ])('refuses an event with %s, alone', (_case, malformed, error) => {
    const tables = tablesOf(base);
    expect(resolve(tables, [malformed, event()]).results).toEqual([{ ok: false, error }, { ok: true, team_id: 7, project_id: 7, groups: {} }]);
  });

  it('takes absent or null properties and groups as empty, and numeric keys and ids as sent', () => {
    const tables = tablesOf([...base, groupTypeRegistered(7, 'company', 0)]);
    expect(resolve(tables, [{ token: A, event: 'e', distinct_id: 42, properties: null }, event({ groups: { company: 12 } })]).results).toEqual([
      { ok: true, team_id: 7, project_id: 7, groups: {} },
      { ok: true, team_id: 7, project_id: 7, groups: { $group_0: '12' } },
    ]);
  });

  it.each([
    ['not an object', [{ token: A }], 'invalid_body'],
    ['null', null, 'invalid_body'],
    ['without events', { batch: [] }, 'invalid_events'],
    ['with events not a list', { events: { 0: event() } }, 'invalid_events'],
    ['of 10,001 events', { events: Array.from({ length: 10_001 }, () => event()) }, 'too_many_events'],
  ])('refuses a batch %s as a whole', (_case, body, code) => {
    let thrown: unknown;
    try {
      resolveBatch(tablesOf(base), body, null, NOW);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).code).toBe(code);
  });

  it('takes 10,000 events and an empty batch', () => {
    expect(resolve(tablesOf(base), Array.from({ length: 10_000 }, () => event())).results).toHaveLength(10_000);
    expect(resolve(tablesOf(base), []).results).toEqual([]);
  });

  describe('group types', () => {
    it('are resolved per project: the same type from two environments gets one index, another project its own', () => {
      const tables = tablesOf([...base, groupTypeRegistered(7, 'company', 0), groupTypeRegistered(9, 'store', 0), groupTypeRegistered(9, 'company', 1)]);
      expect(resolve(tables, [event({ groups: { company: 'a' } }), event({ token: B, groups: { company: 'b' } }), event({ token: OTHER, groups: { company: 'c' } })]).results).toEqual([
        { ok: true, team_id: 7, project_id: 7, groups: { $group_0: 'a' } },
        { ok: true, team_id: 8, project_id: 7, groups: { $group_0: 'b' } },
        { ok: true, team_id: 9, project_id: 9, groups: { $group_1: 'c' } },
      ]);
    });

    it('lists new types for registration per project, then fills them in on the second pass', () => {
      const tables = tablesOf([...base, groupTypeRegistered(7, 'company', 0)]);
      const pass = resolve(tables, [event({ groups: { company: 'acme', project: 'p9' } }), event({ token: B, groups: { project: 'p1' } }), event()]);
      expect([...pass.toRegister]).toEqual([[7, new Set(['project'])]]);
      tables.learnGroupTypes(7, { project: 1 });
      expect(completeBatch(pass, tables, null).results).toEqual([
        { ok: true, team_id: 7, project_id: 7, groups: { $group_0: 'acme', $group_1: 'p9' } },
        { ok: true, team_id: 8, project_id: 7, groups: { $group_1: 'p1' } },
        { ok: true, team_id: 7, project_id: 7, groups: {} },
      ]);
    });

    it('drop a sixth type at once, without asking taxonomy', () => {
      const five = ['a', 'b', 'c', 'd', 'e'].map((type, index) => groupTypeRegistered(7, type, index));
      const pass = resolve(tablesOf([...base, ...five]), [event({ groups: { a: '1', sixth: '6' } })]);
      expect(pass.toRegister.size).toBe(0);
      expect(pass.results).toEqual([{ ok: true, team_id: 7, project_id: 7, groups: { $group_0: '1' }, dropped_groups: ['sixth'] }]);
    });

    it('drop a type taxonomy did not register (the cap was reached meanwhile)', () => {
      const four = ['a', 'b', 'c', 'd'].map((type, index) => groupTypeRegistered(7, type, index));
      const tables = tablesOf([...base, ...four]);
      const pass = resolve(tables, [event({ groups: { x: '1', y: '2' } })]);
      expect(pass.toRegister.get(7)).toEqual(new Set(['x', 'y']));
      tables.learnGroupTypes(7, { x: 4 });
      expect(completeBatch(pass, tables, null).results).toEqual([{ ok: true, team_id: 7, project_id: 7, groups: { $group_4: '1' }, dropped_groups: ['y'] }]);
    });
  });

  describe('observations', () => {
    it('reports names, event, person and group properties of good events only', () => {
      const tables = tablesOf([...base, groupTypeRegistered(7, 'company', 0)]);
      const batcher = new ObservationBatcher();
      resolve(
        tables,
        [
          event({ properties: { plan: 'pro', amount: 12.5, $set: { email: 'a@b.c' }, $set_once: { first: '2024-01-01' } } }),
          event({ token: 'phc_unknown', event: 'ghost', properties: { ghost: 1 } }),
          event({ event: '$groupidentify', properties: { $group_type: 'company', $group_key: 'acme', $group_set: { size: 10 } } }),
        ],
        batcher,
      );
      const [batch] = batcher.drain();
      expect(batch.eventNames).toEqual(['$pageview', '$groupidentify']);
      expect(batch.properties).toEqual([
        { name: 'plan', type: 'event', detectedType: 'String' },
        { name: 'amount', type: 'event', detectedType: 'Numeric' },
        { name: 'email', type: 'person', detectedType: 'String' },
        { name: 'first', type: 'person', detectedType: 'DateTime' },
        { name: '$group_type', type: 'event', detectedType: 'String' },
        { name: '$group_key', type: 'event', detectedType: 'String' },
        { name: 'size', type: 'group', groupTypeIndex: 0, detectedType: 'Numeric' },
      ]);
    });

    it('registers the type of a $groupidentify and reports its group properties once it has an index', () => {
      const tables = tablesOf(base);
      const batcher = new ObservationBatcher();
      const pass = resolve(tables, [event({ event: '$groupidentify', properties: { $group_type: 'company', $group_set: { size: 10 } } })], batcher);
      expect(pass.toRegister.get(7)).toEqual(new Set(['company']));
      tables.learnGroupTypes(7, { company: 3 });
      completeBatch(pass, tables, batcher);
      expect(batcher.drain()[0].properties).toContainEqual({ name: 'size', type: 'group', groupTypeIndex: 3, detectedType: 'Numeric' });
    });
  });
});
