import { sightingsOf } from './sightings';

describe('sightings of an observation batch', () => {
  const ids = () => {
    let next = 0;
    return () => `id-${++next}`;
  };

  it('give one command per definition stream, keeping the first typed sighting of a property', () => {
    const { events, properties } = sightingsOf(
      {
        projectId: 7,
        eventNames: ['$pageview', 'signup', '$pageview'],
        properties: [
          { name: 'amount', type: 'event', detectedType: null },
          { name: 'amount', type: 'event', detectedType: 'Numeric' },
          { name: 'amount', type: 'event', detectedType: 'String' },
          { name: 'amount', type: 'person', detectedType: 'String' },
          { name: 'name', type: 'group', groupTypeIndex: 2, detectedType: 'String' },
        ],
        seenAt: '2025-01-01T10:00:00.000Z',
      },
      ids(),
    );
    expect(events.map((s) => s.streamId)).toEqual(['event-definition-7-$pageview', 'event-definition-7-signup']);
    expect(properties.map((s) => [s.streamId, s.command.type === 'RecordPropertySighting' && s.command.data.detectedType])).toEqual([
      ['property-definition-7-event-_-amount', 'Numeric'],
      ['property-definition-7-person-_-amount', 'String'],
      ['property-definition-7-group-2-name', 'String'],
    ]);
  });

  it('pass over names Postgres cannot store, so one poison name never fails the report of the others', () => {
    const { events, properties } = sightingsOf(
      {
        projectId: 7,
        eventNames: ['poison\u0000evt', 'after_poison', 'lone\ud800'],
        properties: [
          { name: 'a\u0000b', type: 'event', detectedType: 'Numeric' },
          { name: 'plan', type: 'event', detectedType: 'String' },
        ],
        seenAt: '2025-01-01T10:00:00.000Z',
      },
      ids(),
    );
    expect(events.map((s) => s.streamId)).toEqual(['event-definition-7-after_poison']);
    expect(properties.map((s) => s.streamId)).toEqual(['property-definition-7-event-_-plan']);
  });
});
