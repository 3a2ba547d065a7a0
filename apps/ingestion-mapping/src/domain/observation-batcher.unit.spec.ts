import fc from 'fast-check';
import { ObservationBatcher } from './observation-batcher';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const HOUR = 3_600_000;

describe('observation batcher', () => {
  it('reports each event name and property of a project once', () => {
    const batcher = new ObservationBatcher();
    for (let i = 0; i < 3; i++) {
      batcher.event(7, '$pageview', T0 + i);
      batcher.property(7, 'event', null, 'amount', 12.5, T0 + i);
      batcher.property(7, 'person', null, 'email', 'a@b.c', T0 + i);
      batcher.property(7, 'group', 2, 'name', 'Acme', T0 + i);
    }
    batcher.event(9, '$pageview', T0);
    expect(batcher.drain()).toEqual([
      {
        projectId: 7,
        eventNames: ['$pageview'],
        properties: [
          { name: 'amount', type: 'event', detectedType: 'Numeric' },
          { name: 'email', type: 'person', detectedType: 'String' },
          { name: 'name', type: 'group', groupTypeIndex: 2, detectedType: 'String' },
        ],
        seenAt: new Date(T0).toISOString(),
      },
      { projectId: 9, eventNames: ['$pageview'], properties: [], seenAt: new Date(T0).toISOString() },
    ]);
    expect(batcher.drain()).toEqual([]);
  });

  it('reports an event name again only when its last_seen_at is due, an hour later', () => {
    const batcher = new ObservationBatcher();
    batcher.event(7, '$pageview', T0);
    batcher.drain();
    batcher.event(7, '$pageview', T0 + HOUR - 1);
    expect(batcher.pendingCount).toBe(0);
    batcher.event(7, '$pageview', T0 + HOUR);
    expect(batcher.drain()).toEqual([{ projectId: 7, eventNames: ['$pageview'], properties: [], seenAt: new Date(T0 + HOUR).toISOString() }]);
  });

  it('reports an untyped property, then its first type, then nothing more', () => {
    const batcher = new ObservationBatcher();
    batcher.property(7, 'event', null, 'plan', null, T0);
    batcher.property(7, 'event', null, 'plan', { nested: true }, T0);
    batcher.property(7, 'event', null, 'plan', 'pro', T0);
    batcher.property(7, 'event', null, 'plan', 3, T0);
    expect(batcher.drain()[0].properties).toEqual([
      { name: 'plan', type: 'event', detectedType: null },
      { name: 'plan', type: 'event', detectedType: 'String' },
    ]);
  });

  it('keeps undelivered reports for the next drain', () => {
    const batcher = new ObservationBatcher();
    batcher.event(7, 'signup', T0);
    const failed = batcher.drain();
    batcher.event(7, 'login', T0 + 1);
    batcher.requeue(failed);
    expect(batcher.drain()).toEqual([{ projectId: 7, eventNames: ['login', 'signup'], properties: [], seenAt: new Date(T0 + 1).toISOString() }]);
  });

  it('forgets a removed project', () => {
    const batcher = new ObservationBatcher();
    batcher.event(7, 'signup', T0);
    batcher.forgetProject(7);
    expect(batcher.pendingCount).toBe(0);
    expect(batcher.drain()).toEqual([]);
  });

  it('turns 1M events over 100 names × 500 properties into one report per distinct definition', () => {
    const batcher = new ObservationBatcher();
    let reports = 0;
    for (let i = 0; i < 1_000_000; i++) {
      batcher.event(7, `event-${i % 100}`, T0 + (i >> 10));
      batcher.property(7, 'event', null, `property-${i % 500}`, i, T0);
      if (i % 10_000 === 0) for (const batch of batcher.drain()) reports += batch.eventNames.length + batch.properties.length;
    }
    for (const batch of batcher.drain()) reports += batch.eventNames.length + batch.properties.length;
    expect(reports).toBe(100 + 500);
  });

  it('reports exactly the distinct (project, name) and (project, kind, index, name, first type) it was shown (property)', () => {
    const sighting = fc.record({
      projectId: fc.constantFrom(1, 2),
      kind: fc.constantFrom('event' as const, 'person' as const, 'group' as const),
      name: fc.constantFrom('a', 'b', 'c'),
      value: fc.constantFrom<unknown>(1, 'x', true, null),
    });
    fc.assert(
      fc.property(fc.array(sighting, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (sightings, drainEvery) => {
        const batcher = new ObservationBatcher();
        const reported: string[] = [];
        sightings.forEach(({ projectId, kind, name, value }, i) => {
          batcher.event(projectId, name, T0);
          batcher.property(projectId, kind, kind === 'group' ? 1 : null, name, value, T0);
          if (i % drainEvery === 0) {
            for (const b of batcher.drain()) {
              reported.push(...b.eventNames.map((n) => `${b.projectId}/e/${n}`));
              reported.push(...b.properties.map((p) => `${b.projectId}/p/${p.type}/${p.name}/${p.detectedType}`));
            }
          }
        });
        for (const b of batcher.drain()) {
          reported.push(...b.eventNames.map((n) => `${b.projectId}/e/${n}`));
          reported.push(...b.properties.map((p) => `${b.projectId}/p/${p.type}/${p.name}/${p.detectedType}`));
        }
        expect(new Set(reported).size).toBe(reported.length);
        const expectedEvents = new Set(sightings.map((s) => `${s.projectId}/e/${s.name}`));
        expect(reported.filter((r) => r.includes('/e/')).sort()).toEqual([...expectedEvents].sort());
        // Per property: the untyped report (if seen before any type) and the first type, never a second type.
        const typed = reported.filter((r) => r.includes('/p/') && !r.endsWith('/null'));
        const keys = typed.map((r) => r.split('/').slice(0, 4).join('/'));
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});
