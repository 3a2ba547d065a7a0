import { taxonomy, type StrataError } from '@strata/contracts';
import type { Database } from '@strata/database';
import { RpcClient } from '@strata/messaging';
import { RunningSystem } from '@strata/testing';

const S = taxonomy.TaxonomySubjects;
const A = taxonomy.TaxonomyAdoptionSubjects;
const AT = '2025-01-01T10:00:00.000Z';
const PAGE = { limit: 100, offset: 0 };

describe('taxonomy adoption (moving an environment into another project)', () => {
  let system: RunningSystem;
  let rpc: RpcClient;
  let db: Database;
  const ask = <S extends taxonomy.TaxonomySubject>(subject: S, payload: taxonomy.TaxonomyRequest<S>) => rpc.request<taxonomy.TaxonomyResponse<S>>(subject, payload);
  const plan = (request: taxonomy.TaxonomyAdoptionRequest) => rpc.request<taxonomy.TaxonomyAdoptionReport>(A.plan, request);
  const merge = (request: taxonomy.MergeTaxonomyRequest) => rpc.request<taxonomy.TaxonomyAdoptionReport>(A.merge, request);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);
  const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);
  const listed = async (projectId: number) => ({
    groupTypes: (await ask(S.listGroupTypes, { projectId })).results,
    events: (await ask(S.listEventDefinitions, { projectId, page: PAGE })).results.parse(),
    properties: (await ask(S.listPropertyDefinitions, { projectId, page: PAGE })).results.parse(),
  });

  const source = 5_001;
  const target = 5_002;
  const projects = { sourceProjectId: source, targetProjectId: target };

  beforeAll(async () => {
    system = await RunningSystem.start({ apps: ['taxonomy'] });
    rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
    db = await system.kit.database('taxonomy');
    await seedSource();
    await seedTarget();
  });

  afterAll(async () => {
    rpc?.close();
    await system?.stop();
  });

  /** company@0 (labelled), team@1; signup (labelled), $pageview; amount Numeric, email, team name, company size. */
  async function seedSource(): Promise<void> {
    await ask(S.resolveGroupTypes, { projectId: source, groupTypes: ['company', 'team'] });
    await ask(S.renameGroupType, { projectId: source, index: 0, nameSingular: 'Company', namePlural: 'Companies' });
    await ask(S.renameGroupType, { projectId: source, index: 1, nameSingular: 'Squad' });
    await ask(S.recordObservations, {
      projectId: source,
      eventNames: ['signup', '$pageview'],
      properties: [
        { name: 'amount', type: 'event', detectedType: 'Numeric' },
        { name: 'email', type: 'person', detectedType: 'String' },
        { name: 'name', type: 'group', groupTypeIndex: 1, detectedType: 'String' },
        { name: 'size', type: 'group', groupTypeIndex: 0, detectedType: 'Numeric' },
      ],
      seenAt: AT,
    });
    const [signup] = (await ask(S.listEventDefinitions, { projectId: source, search: 'signup', page: PAGE })).results.parse();
    await ask(S.updateEventDefinition, { projectId: source, definitionId: signup.id, changes: { description: 'Signed up', tags: ['growth'], verified: true } });
  }

  /** team@0 (so company's index is taken and team's differs); $pageview labelled; amount String, team name Numeric. */
  async function seedTarget(): Promise<void> {
    await ask(S.resolveGroupTypes, { projectId: target, groupTypes: ['team'] });
    await ask(S.recordObservations, {
      projectId: target,
      eventNames: ['$pageview'],
      properties: [
        { name: 'amount', type: 'event', detectedType: 'String' },
        { name: 'name', type: 'group', groupTypeIndex: 0, detectedType: 'Numeric' },
      ],
      seenAt: '2025-02-01T00:00:00.000Z',
    });
    const [pageview] = (await ask(S.listEventDefinitions, { projectId: target, page: PAGE })).results.parse();
    await ask(S.updateEventDefinition, { projectId: target, definitionId: pageview.id, changes: { description: 'Ours' } });
  }

  const expectedReport: taxonomy.TaxonomyAdoptionReport = {
    group_types: {
      conflicts: [
        { group_type: 'company', source_index: 0, target_index: 1, reason: 'index_taken' },
        { group_type: 'team', source_index: 1, target_index: 0, reason: 'different_index' },
      ],
      added: [{ group_type: 'company', group_type_index: 1 }],
      mapping: { company: 1, team: 0 },
    },
    property_types: [
      { name: 'amount', type: 'event', source_property_type: 'Numeric', target_property_type: 'String' },
      { name: 'name', type: 'group', group_type_index: 0, source_property_type: 'String', target_property_type: 'Numeric' },
    ],
    event_definitions_added: 1,
    property_definitions_added: 2,
  };

  it('plans the merge and changes nothing', async () => {
    const before = { events: await eventCount(), target: await listed(target) };
    expect(await plan(projects)).toEqual(expectedReport);
    expect({ events: await eventCount(), target: await listed(target) }).toEqual(before);
  });

  it('refuses a group type disruption that was not accepted (409 with the report), changing nothing', async () => {
    const before = { events: await eventCount(), target: await listed(target) };
    const refused = await refusal(merge({ ...projects, acceptGroupTypeDisruption: false }));
    expect(refused).toMatchObject({ status: 409, code: 'group_type_disruption', extra: { report: expectedReport } });
    expect({ events: await eventCount(), target: await listed(target) }).toEqual(before);
  });

  it('merges when the disruption is accepted: the target gains what it lacked and keeps what it had', async () => {
    expect(await merge({ ...projects, acceptGroupTypeDisruption: true })).toEqual(expectedReport);
    const { groupTypes, events, properties } = await listed(target);
    expect(groupTypes).toEqual([
      { group_type: 'team', group_type_index: 0, name_singular: null, name_plural: null },
      { group_type: 'company', group_type_index: 1, name_singular: 'Company', name_plural: 'Companies' },
    ]);
    expect(events).toEqual([
      expect.objectContaining({ name: '$pageview', description: 'Ours', last_seen_at: '2025-02-01T00:00:00.000Z' }),
      expect.objectContaining({ name: 'signup', description: 'Signed up', tags: ['growth'], verified: true, last_seen_at: AT, created_at: AT }),
    ]);
    expect(properties.map((p) => [p.name, p.type, p.group_type_index, p.property_type])).toEqual([
      ['amount', 'event', null, 'String'],
      ['email', 'person', null, 'String'],
      ['name', 'group', 0, 'Numeric'],
      ['size', 'group', 1, 'Numeric'],
    ]);
  });

  it('registers the adopted types on the target’s registry stream, the events the ingestion mapper learns indexes from', async () => {
    const rows = await db.query<{ type: string; data: taxonomy.GroupTypeRegistered['data'] }>(
      `SELECT type, data FROM events WHERE stream_id = $1 AND type = 'GroupTypeRegistered' ORDER BY stream_position`,
      [`taxonomy-${target}`],
    );
    expect(rows.map((row) => [row.data.groupType, row.data.index])).toEqual([
      ['team', 0],
      ['company', 1],
    ]);
    expect(await ask(S.resolveGroupTypes, { projectId: target, groupTypes: ['company', 'team'] })).toEqual({ mapping: { company: 1, team: 0 }, dropped: [] });
  });

  it('merges again idempotently: nothing is added, nothing is written', async () => {
    const before = { events: await eventCount(), target: await listed(target) };
    const again = await merge({ ...projects, acceptGroupTypeDisruption: true });
    expect(again).toMatchObject({ event_definitions_added: 0, property_definitions_added: 0, group_types: { added: [], mapping: { company: 1, team: 0 } } });
    expect({ events: await eventCount(), target: await listed(target) }).toEqual(before);
  });

  it('refuses a type that finds no free index even when accepted', async () => {
    await ask(S.resolveGroupTypes, { projectId: 5_003, groupTypes: ['a', 'b', 'c', 'd', 'e'] });
    await ask(S.resolveGroupTypes, { projectId: 5_004, groupTypes: ['a', 'team'] });
    const refused = await refusal(merge({ sourceProjectId: 5_004, targetProjectId: 5_003, acceptGroupTypeDisruption: true }));
    expect(refused).toMatchObject({ status: 409, code: 'no_free_group_type_index' });
    expect((refused as StrataError).extra.report).toMatchObject({ group_types: { conflicts: [{ group_type: 'team', source_index: 1, target_index: null, reason: 'no_free_index' }] } });
    expect((await ask(S.listGroupTypes, { projectId: 5_003 })).results.map((r) => r.group_type)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('validates payloads at the edge', async () => {
    expect(await refusal(plan({ sourceProjectId: source, targetProjectId: source }))).toMatchObject({ status: 400 });
    expect(await refusal(rpc.request(A.merge, projects))).toMatchObject({ status: 400 });
  });
});
