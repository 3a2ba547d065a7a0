import type { entities } from '@strata/contracts';
import type { RecordedEvent } from '@strata/eventstore';
import { changesBetween, entryOf, type ActivityEvent, type StreamState } from './activity';

const USER = '0190f7a4-1111-7000-8000-000000000001';
const flag: entities.EntitySnapshot = {
  id: '0190f7a4-2222-7000-8000-000000000002', kind: 'feature_flag', projectId: 1, environmentId: 2,
  fields: { key: 'checkout', default_enabled: true, initial_value: 'red' }, tags: [], references: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};

function recorded<E extends ActivityEvent>(event: E, streamId: string, actor = `user:${USER}`): RecordedEvent<E> {
  const fields = { id: 'e1', streamId, streamPosition: 1, globalPosition: 10, transactionId: '1', metadata: { actor, correlationId: 'c1' }, createdAt: new Date(0) };
  return { ...event, ...fields } as RecordedEvent<E>;
}

const knowing = (states: Record<string, StreamState>) => ({ state: (streamId: string) => states[streamId] ?? null });

describe('activity entries (SPEC §10)', () => {
  it("compares a flag state's first change with the definition's defaults it leaves", () => {
    const state: entities.FlagStateSnapshot = { enabled: true, featureStateValue: { type: 'unicode', string_value: 'blue' }, multivariateValues: [], segmentOverrides: [] };
    const event = recorded({ type: 'FlagStateChanged', data: { flagId: flag.id, projectId: 1, environmentId: 2, state } }, `flag-state-${flag.id}-2`);
    const entry = entryOf(event, knowing({ [`entity-${flag.id}`]: { of: 'entity', entity: flag } }));
    expect(entry).toMatchObject({ action: 'state_changed', kind: 'feature_flag', name: 'checkout', environmentId: 2, subject: `flag-state-${flag.id}-2` });
    expect(entry?.changes).toEqual([{ field: 'feature_state_value', before: { type: 'unicode', string_value: 'red' }, after: { type: 'unicode', string_value: 'blue' } }]);
  });

  it('records a restore as restored', () => {
    const event = recorded({ type: 'EntityUpdated', data: { entity: { ...flag, fields: { ...flag.fields, description: 'x' } }, restoredFrom: 1 } }, `entity-${flag.id}`, 'anonymous');
    const entry = entryOf(event, knowing({ [`entity-${flag.id}`]: { of: 'entity', entity: flag } }));
    expect(entry).toMatchObject({ action: 'restored' });
    expect(entry?.changes).toEqual([{ field: 'description', before: null, after: 'x' }]);
  });

  it('places a promotion project-wide, carrying the body it had', () => {
    const event = recorded({ type: 'EntityMadeProjectWide', data: { id: flag.id, kind: 'feature_flag', projectId: 1, fromEnvironmentId: 2, at: '2026-01-02T00:00:00.000Z' } }, `entity-${flag.id}`);
    const entry = entryOf(event, knowing({ [`entity-${flag.id}`]: { of: 'entity', entity: flag } }));
    expect(entry).toMatchObject({ action: 'made_project_wide', environmentId: null, changes: [{ field: 'is_project_wide', before: false, after: true }] });
  });

  it('names a field cleared by an edit with an after of null, whatever the key order', () => {
    const before: StreamState = { of: 'entity', entity: { ...flag, fields: { b: { y: 1, x: 2 }, a: 1 } } };
    const after: StreamState = { of: 'entity', entity: { ...flag, fields: { b: { x: 2, y: 1 } } } };
    expect(changesBetween(before, after)).toEqual([{ field: 'a', before: 1, after: null }]);
  });
});
