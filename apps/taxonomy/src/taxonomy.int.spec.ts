import { randomUUID } from 'node:crypto';
import { type ActivityRecord, type CursorPage, taxonomy, type StrataError } from '@strata/contracts';
import type { Database } from '@strata/database';
import { rebuildProjection } from '@strata/eventstore';
import { RpcClient, runInContext } from '@strata/messaging';
import { RunningSystem } from '@strata/testing';
import { taxonomyProjections } from './projections';

const S = taxonomy.TaxonomySubjects;
const AT = '2025-01-01T10:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(AT) + ms).toISOString();

describe('taxonomy service', () => {
  let system: RunningSystem;
  let rpc: RpcClient;
  let db: Database;
  const ask = <S extends taxonomy.TaxonomySubject>(subject: S, payload: taxonomy.TaxonomyRequest<S>) => rpc.request<taxonomy.TaxonomyResponse<S>>(subject, payload);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);

  beforeAll(async () => {
    system = await RunningSystem.start({ apps: ['taxonomy'] });
    rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
    db = await system.kit.database('taxonomy');
  });

  afterAll(async () => {
    rpc?.close();
    await system?.stop();
  });

  describe('group types', () => {
    it('give simultaneous first sightings of one type one index, and of two types two indexes, whatever the interleaving', async () => {
      for (let round = 0; round < 20; round++) {
        const projectId = 1_000 + round;
        const asks = [['company'], ['company'], ['company', 'team'], ['team', 'company'], ['store', 'project'], ['region'], ['project']];
        const answers = await Promise.all(asks.map((groupTypes) => ask(S.resolveGroupTypes, { projectId, groupTypes })));
        const { results } = await ask(S.listGroupTypes, { projectId });
        const indexOf = Object.fromEntries(results.map((r) => [r.group_type, r.group_type_index]));
        expect(results.map((r) => r.group_type_index)).toEqual([0, 1, 2, 3, 4]);
        expect(new Set(results.map((r) => r.group_type)).size).toBe(5);
        for (const [i, answer] of answers.entries()) {
          for (const type of asks[i]) expect(answer.mapping[type]).toBe(indexOf[type]);
        }
      }
      // The races really happened: registrars lost appends and decided again on the winner's state.
      const metrics = await (await fetch(`${system.url('taxonomy')}/metrics`)).text();
      expect(Number(/strata_taxonomy_registration_conflicts_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    });

    it('hold at most five types per project; a sixth is dropped, not an error', async () => {
      const projectId = 2_000;
      await ask(S.resolveGroupTypes, { projectId, groupTypes: ['a', 'b', 'c', 'd', 'e'] });
      expect(await ask(S.resolveGroupTypes, { projectId, groupTypes: ['f', 'a'] })).toEqual({ mapping: { a: 0 }, dropped: ['f'] });
    });

    it('rename labels, never the type, honouring If-Match', async () => {
      const projectId = 2_001;
      await ask(S.resolveGroupTypes, { projectId, groupTypes: ['company'] });
      const renamed = await ask(S.renameGroupType, { projectId, index: 0, nameSingular: 'Company', namePlural: 'Companies' });
      expect(renamed).toEqual({ result: { group_type: 'company', group_type_index: 0, name_singular: 'Company', name_plural: 'Companies' }, version: 2 });
      expect(await refusal(ask(S.renameGroupType, { projectId, index: 0, nameSingular: 'Firm', ifMatch: 1 }))).toMatchObject({ status: 412 });
      expect(await refusal(ask(S.renameGroupType, { projectId, index: 3, nameSingular: 'Team' }))).toMatchObject({ status: 404 });
      expect((await ask(S.listGroupTypes, { projectId })).results[0].name_plural).toBe('Companies');
    });

    it('record the correlation id and the actor of the request on every event', async () => {
      const projectId = 2_002;
      const traced = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
      await runInContext({ correlationId: 'corr-taxonomy-1', actor: 'service:ingestion-mapping' }, async () => {
        await traced.request(S.resolveGroupTypes, { projectId, groupTypes: ['company'] });
        await traced.request(S.recordObservations, { projectId, eventNames: ['signed_up'], properties: [], seenAt: AT });
      });
      traced.close();

      const rows = await db.query<{ metadata: Record<string, unknown> }>(
        `SELECT metadata FROM events WHERE stream_id IN ('taxonomy-${projectId}', 'event-definition-${projectId}-signed_up')`,
      );
      expect(rows.map((row) => row.metadata)).toEqual([
        { correlationId: 'corr-taxonomy-1', actor: 'service:ingestion-mapping' },
        { correlationId: 'corr-taxonomy-1', actor: 'service:ingestion-mapping' },
      ]);
    });

    it('validate payloads at the edge', async () => {
      expect(await refusal(ask(S.resolveGroupTypes, { projectId: -1, groupTypes: ['x'] }))).toMatchObject({ status: 400, attr: 'project_id' });
      expect(await refusal(ask(S.resolveGroupTypes, { projectId: 3, groupTypes: [' '] }))).toMatchObject({ status: 400, attr: 'group_types.0' });
    });
  });

  describe('definitions from observations', () => {
    const projectId = 3_000;
    const record = (request: Partial<taxonomy.RecordObservationsRequest>) =>
      ask(S.recordObservations, { projectId, eventNames: [], properties: [], seenAt: AT, ...request });

    it('write once per new definition: a repeated report writes nothing', async () => {
      const report = {
        eventNames: ['$pageview', 'signup', '$pageview'],
        properties: [
          { name: 'amount', type: 'event' as const, detectedType: null },
          { name: 'amount', type: 'event' as const, detectedType: 'Numeric' as const },
          { name: 'email', type: 'person' as const, detectedType: 'String' as const },
          { name: 'name', type: 'group' as const, groupTypeIndex: 1, detectedType: 'String' as const },
          { name: '', type: 'event' as const, detectedType: 'String' as const },
        ],
      };
      expect(await record(report)).toEqual({ written: 5 });
      expect(await record(report)).toEqual({ written: 0 });
      const events = await ask(S.listEventDefinitions, { projectId, page: { limit: 100, offset: 0 } });
      expect(events.results.parse().map((d) => [d.name, d.last_seen_at])).toEqual([
        ['$pageview', AT],
        ['signup', AT],
      ]);
    });

    it('keep the first detected type; a user-set type wins over detection', async () => {
      await record({ properties: [{ name: 'plan', type: 'event', detectedType: null }] });
      await record({ properties: [{ name: 'plan', type: 'event', detectedType: 'String' }] });
      expect(await record({ properties: [{ name: 'plan', type: 'event', detectedType: 'Numeric' }] })).toEqual({ written: 0 });
      const [plan] = (await ask(S.listPropertyDefinitions, { projectId, search: 'plan', page: { limit: 10, offset: 0 } })).results.parse();
      expect(plan).toMatchObject({ property_type: 'String', is_numerical: false });
      const updated = await ask(S.updatePropertyDefinition, { projectId, definitionId: plan.id, changes: { propertyType: 'Numeric' } });
      expect(updated.result).toMatchObject({ property_type: 'Numeric', is_numerical: true });
      await record({ properties: [{ name: 'plan', type: 'event', detectedType: 'Boolean' }] });
      expect((await ask(S.getPropertyDefinition, { projectId, definitionId: plan.id })).result.property_type).toBe('Numeric');
    });

    it('write last_seen_at at most once an hour', async () => {
      expect(await record({ eventNames: ['signup'], seenAt: later(30 * 60_000) })).toEqual({ written: 0 });
      expect(await record({ eventNames: ['signup'], seenAt: later(60 * 60_000) })).toEqual({ written: 1 });
      const [signup] = (await ask(S.listEventDefinitions, { projectId, search: 'signup', page: { limit: 10, offset: 0 } })).results.parse();
      expect(signup.last_seen_at).toBe(later(60 * 60_000));
    });

    it('list with search, kind and group index filters, and pages', async () => {
      await record({ eventNames: Array.from({ length: 25 }, (_, i) => `order_${String(i).padStart(2, '0')}`).concat(['100%_done']) });
      const page = await ask(S.listEventDefinitions, { projectId, search: 'ORDER_', page: { limit: 10, offset: 20 } });
      expect(page.count).toBe(25);
      expect(page.results.parse().map((d) => d.name)).toEqual(['order_20', 'order_21', 'order_22', 'order_23', 'order_24']);
      expect((await ask(S.listEventDefinitions, { projectId, search: '%', page: { limit: 10, offset: 0 } })).results.parse().map((d) => d.name)).toEqual(['100%_done']);
      expect((await ask(S.listEventDefinitions, { projectId, search: 'order', page: { limit: 10, offset: 100 } })).count).toBe(25);
      const groups = await ask(S.listPropertyDefinitions, { projectId, type: 'group', groupTypeIndex: 1, page: { limit: 10, offset: 0 } });
      expect(groups.results.parse()).toEqual([expect.objectContaining({ name: 'name', type: 'group', group_type_index: 1 })]);
      const people = await ask(S.listPropertyDefinitions, { projectId, type: 'person', page: { limit: 10, offset: 0 } });
      expect(people.results.parse().map((p) => p.name)).toEqual(['email']);
    });

    it('label event definitions, and keep each project’s definitions out of the other’s reach', async () => {
      const [pageview] = (await ask(S.listEventDefinitions, { projectId, search: 'pageview', page: { limit: 10, offset: 0 } })).results.parse();
      const updated = await ask(S.updateEventDefinition, { projectId, definitionId: pageview.id, changes: { description: 'Views', tags: ['web'], verified: true } });
      expect(updated).toMatchObject({ result: { description: 'Views', tags: ['web'], verified: true }, version: 2 });
      expect(await ask(S.getEventDefinition, { projectId, definitionId: pageview.id })).toEqual(updated);
      expect(await refusal(ask(S.getEventDefinition, { projectId: projectId + 1, definitionId: pageview.id }))).toMatchObject({ status: 404 });
      expect(await refusal(ask(S.updateEventDefinition, { projectId, definitionId: pageview.id, changes: { verified: false }, ifMatch: 1 }))).toMatchObject({ status: 412 });
      await record({ projectId: projectId + 1, eventNames: ['$pageview'] });
      expect((await ask(S.listEventDefinitions, { projectId: projectId + 1, page: { limit: 10, offset: 0 } })).results.parse()).toEqual([
        expect.objectContaining({ name: '$pageview', description: '', verified: false }),
      ]);
    });
  });

  describe('change log (SPEC §10)', () => {
    const projectId = 4_000;
    const user = randomUUID();
    const activity = (filter: taxonomy.TaxonomyActivityRequest['filter'] = {}, cursor?: string) =>
      rpc.request<CursorPage<ActivityRecord>>(taxonomy.TaxonomyHistorySubjects.activity, { projectId, filter, cursor, limit: 100 });

    it("records what ingestion discovered without an actor, and a user's labels with the user and before/after", async () => {
      await ask(S.recordObservations, { projectId, eventNames: ['checkout'], properties: [{ name: 'total', type: 'event', detectedType: null }], seenAt: AT });
      await ask(S.recordObservations, { projectId, eventNames: ['checkout'], properties: [{ name: 'total', type: 'event', detectedType: 'Numeric' }], seenAt: later(2 * 3_600_000) });
      await ask(S.resolveGroupTypes, { projectId, groupTypes: ['company'] });
      const [checkout] = (await ask(S.listEventDefinitions, { projectId, page: { limit: 10, offset: 0 } })).results.parse();
      const [total] = (await ask(S.listPropertyDefinitions, { projectId, page: { limit: 10, offset: 0 } })).results.parse();
      await runInContext({ correlationId: 'corr-labels', actor: `user:${user}` }, async () => {
        await ask(S.updateEventDefinition, { projectId, definitionId: checkout.id, changes: { description: 'Paid', verified: true } });
        await ask(S.updatePropertyDefinition, { projectId, definitionId: total.id, changes: { propertyType: 'String' } });
        await ask(S.renameGroupType, { projectId, index: 0, nameSingular: 'Company' });
      });

      const { results, cursor } = await activity();
      expect(cursor).toBeNull();
      expect(results.map((entry) => [entry.kind, entry.action, entry.name, entry.actor])).toEqual([
        ['group_type', 'updated', 'company', user],
        ['property_definition', 'updated', 'total', user],
        ['event_definition', 'updated', 'checkout', user],
        ['group_type', 'created', 'company', null],
        ['property_definition', 'updated', 'total', null],
        ['property_definition', 'created', 'total', null],
        ['event_definition', 'created', 'checkout', null],
      ]);
      expect(results[0].changes).toEqual([{ field: 'name_singular', before: null, after: 'Company' }]);
      expect(results[1].changes).toEqual([{ field: 'property_type', before: 'Numeric', after: 'String' }]);
      expect(results[2]).toMatchObject({ entity_id: checkout.id, correlation_id: 'corr-labels' });
      expect(results[2].changes).toEqual([{ field: 'description', before: '', after: 'Paid' }, { field: 'verified', before: false, after: true }]);
      expect(results[4].changes).toEqual([{ field: 'property_type', before: null, after: 'Numeric' }]);

      const mine = await activity({ actor: user, kind: 'event_definition' });
      expect(mine.results.map((entry) => entry.entity_id)).toEqual([checkout.id]);
      const older = await rpc.request<CursorPage<ActivityRecord>>(taxonomy.TaxonomyHistorySubjects.activity, { projectId, filter: {}, limit: 3 });
      expect((await activity({}, older.cursor ?? undefined)).results.map((entry) => entry.id)).toEqual(results.slice(3).map((entry) => entry.id));
    });
  });

  it('rebuilds every read model from the log to the rows the live projections hold', async () => {
    const dump = async () => ({
      groupTypes: await db.query('SELECT * FROM group_types ORDER BY project_id, group_type_index'),
      events: await db.query('SELECT * FROM event_definitions ORDER BY id'),
      properties: await db.query('SELECT * FROM property_definitions ORDER BY id'),
      removed: await db.query('SELECT * FROM removed_projects ORDER BY project_id'),
      changeLog: await db.query('SELECT * FROM change_log ORDER BY position'),
    });
    const live = await dump();
    expect(live.events.length).toBeGreaterThan(20);
    expect(live.changeLog.length).toBeGreaterThan(live.events.length);
    for (const projection of taxonomyProjections) await rebuildProjection(db, projection);
    expect(await dump()).toEqual(live);
  });
});
