import { NotFoundError, ValidationError, taxonomy } from '@strata/contracts';
import { lastSeenWriteDue } from '@strata/rules';
import { DeciderSpec, fold } from '@strata/testing';
import {
  eventDefinitionBody,
  eventDefinitionDecider,
  type EventDefinitionChanges,
  type EventDefinitionCommand,
  type ExistingEventDefinition,
} from './event-definition';

const spec = DeciderSpec.for(eventDefinitionDecider);
const T0 = '2025-01-01T10:00:00.000Z';
const sighting = (seenAt: string, name = '$pageview'): EventDefinitionCommand => ({
  type: 'RecordEventSighting',
  data: { projectId: 7, definitionId: 'def-1', name, seenAt },
});
const update = (changes: EventDefinitionChanges): EventDefinitionCommand => ({
  type: 'UpdateEventDefinition',
  data: { changes, updatedAt: T0 },
});
const created: taxonomy.EventDefinitionCreated = {
  type: 'EventDefinitionCreated',
  data: { projectId: 7, definitionId: 'def-1', name: '$pageview', createdAt: T0, lastSeenAt: T0 },
};
const seen = (lastSeenAt: string): taxonomy.EventDefinitionSeen => ({ type: 'EventDefinitionSeen', data: { projectId: 7, definitionId: 'def-1', lastSeenAt } });
const updated = (changes: taxonomy.EventDefinitionUpdated['data']['changes']): taxonomy.EventDefinitionUpdated => ({
  type: 'EventDefinitionUpdated',
  data: { projectId: 7, definitionId: 'def-1', changes, updatedAt: T0 },
});

describe('event definition', () => {
  describe('sightings', () => {
    it('are created by their first sighting, which is their first last_seen_at', () => {
      spec.given([]).when(sighting(T0)).then([created]);
    });

    it('write last_seen_at at most once an hour', () => {
      spec.given([created]).when(sighting('2025-01-01T10:59:59.999Z')).thenNothingHappens();
      spec.given([created]).when(sighting('2025-01-01T11:00:00.000Z')).then([seen('2025-01-01T11:00:00.000Z')]);
      spec.given([created, seen('2025-01-01T11:30:00.000Z')]).when(sighting('2025-01-01T12:00:00.000Z')).thenNothingHappens();
    });

    it('never move last_seen_at backwards', () => {
      spec.given([created]).when(sighting('2025-01-01T08:00:00.000Z')).thenNothingHappens();
    });

    it('refuse an empty or over-long name', () => {
      spec.given([]).when(sighting(T0, '')).thenThrows(ValidationError, /name/);
      spec.given([]).when(sighting(T0, 'e'.repeat(401))).thenThrows(ValidationError);
    });
  });

  describe('the hourly rule', () => {
    it.each([
      [null, 0, true],
      [0, 3_599_999, false],
      [0, 3_600_000, true],
      [3_600_000, 0, false],
    ])('last written %p, seen at %p → due %p', (last, seen, due) => {
      expect(lastSeenWriteDue(last, seen)).toBe(due);
    });
  });

  describe('updates', () => {
    it('change description, tags and verified, recording only what changed', () => {
      spec.given([created]).when(update({ description: 'Page views', tags: ['web', 'core'], verified: false })).then([
        updated({ description: 'Page views', tags: ['web', 'core'] }),
      ]);
    });

    it('do nothing when nothing changes', () => {
      spec.given([created, updated({ verified: true })]).when(update({ verified: true, description: '' })).thenNothingHappens();
    });

    it('answer 404 for a definition never seen', () => {
      spec.given([]).when(update({ verified: true })).thenThrows(NotFoundError);
    });
  });

  it('serves the body of SPEC §4.3', () => {
    const state = fold(eventDefinitionDecider, [created, updated({ tags: ['web'], verified: true })]) as ExistingEventDefinition;
    expect(eventDefinitionBody(state)).toEqual({
      id: 'def-1',
      name: '$pageview',
      description: '',
      tags: ['web'],
      verified: true,
      last_seen_at: T0,
      created_at: T0,
    });
  });
});

describe('event definition adoption', () => {
  const theirs: ExistingEventDefinition = {
    status: 'active',
    definitionId: 'def-1',
    projectId: 7,
    name: 'signup',
    description: 'Signed up',
    tags: ['growth'],
    verified: true,
    lastSeenAt: '2024-06-01T00:00:00.000Z',
    createdAt: '2024-01-01T00:00:00.000Z',
  };
  const adopt: EventDefinitionCommand = { type: 'AdoptEventDefinition', data: { adopted: theirs, adoptedAt: T0 } };

  it('copies another project’s definition as first and last seen there, with its labels', () => {
    spec.given([]).when(adopt).then([
      { type: 'EventDefinitionCreated', data: { projectId: 7, definitionId: 'def-1', name: 'signup', createdAt: theirs.createdAt, lastSeenAt: theirs.lastSeenAt } },
      { type: 'EventDefinitionUpdated', data: { projectId: 7, definitionId: 'def-1', changes: { description: 'Signed up', tags: ['growth'], verified: true }, updatedAt: T0 } },
    ]);
  });

  it('keeps a definition the project already has as it is', () => {
    spec.given([{ type: 'EventDefinitionCreated', data: { projectId: 7, definitionId: 'mine', name: 'signup', createdAt: T0, lastSeenAt: T0 } }]).when(adopt).thenNothingHappens();
  });
});
