import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';

type Resolved = { ok: true; team_id: number; project_id: number; groups: Record<string, string>; dropped_groups?: string[] } | { ok: false; error: string };
type GroupType = { group_type: string; group_type_index: number; name_singular: string | null; name_plural: string | null };
type Definition = { id: string; name: string; property_type?: string | null; type?: string; is_numerical?: boolean };

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('taxonomy and ingestion over HTTP (SPEC §4.3, §5)', () => {
  const { api } = gatewayForSpecs();
  let acme: Account;
  let globex: Account;
  let staging: { id: number; api_token: string };

  const resolve = (events: unknown[]) => api.post<{ results: Resolved[] }>('/i/v0/resolve', undefined, { events });
  const pageview = (token: string, groups: Record<string, string> = {}, properties: Record<string, unknown> = {}) => ({
    token,
    event: '$pageview',
    distinct_id: 'u1',
    properties,
    groups,
  });

  beforeAll(async () => {
    acme = await signup(api, 'acme');
    globex = await signup(api, 'globex');
    staging = (await api.post<{ id: number; api_token: string }>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Staging' })).body;
  });

  it('maps group types per project: both environments of a project share indexes, another project has its own', async () => {
    const first = await eventually(async () => {
      const answer = await resolve([pageview(acme.environment.api_token, { company: 'acme-inc' }), pageview(staging.api_token, { company: 'x', project: 'p9' })]);
      return answer.body.results.every((r) => r.ok) ? answer : undefined;
    });
    const other = await resolve([pageview(globex.environment.api_token, { project: 'g1' })]);

    expect(first.body.results).toEqual([
      { ok: true, team_id: acme.environment.id, project_id: acme.project.id, groups: { $group_0: 'acme-inc' } },
      { ok: true, team_id: staging.id, project_id: acme.project.id, groups: { $group_0: 'x', $group_1: 'p9' } },
    ]);
    expect(other.body.results).toEqual([{ ok: true, team_id: globex.environment.id, project_id: globex.project.id, groups: { $group_0: 'g1' } }]);
    const fromEnvironment = await api.get<ListBody<GroupType>>(`/api/v2/environments/${staging.id}/group_types/`, acme.key);
    expect(fromEnvironment.body.results.map((g) => [g.group_type, g.group_type_index])).toEqual([
      ['company', 0],
      ['project', 1],
    ]);
  });

  it('reports a sixth group type as dropped, and keeps the good events of a batch with bad ones', async () => {
    const groups = { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' };
    const answer = await resolve([pageview(globex.environment.api_token, groups), pageview('phc_nope'), { event: 'x', distinct_id: 'd' }]);
    const [good, unknown, missing] = answer.body.results;

    expect(answer.status).toBe(200);
    expect(good).toMatchObject({ ok: true, project_id: globex.project.id });
    expect(good.ok && good.dropped_groups).toHaveLength(2);
    expect(unknown).toEqual({ ok: false, error: 'unknown_token' });
    expect(missing).toEqual({ ok: false, error: 'missing_token' });
  });

  it('answers an event naming only its team_id missing_token: the public edge never looks an environment up by id', async () => {
    const answer = await resolve([
      { team_id: acme.environment.id, event: 'e', distinct_id: 'd' },
      { team_id: 987_654_321, event: 'e', distinct_id: 'd' },
      pageview(acme.environment.api_token),
    ]);

    expect(answer.body.results).toEqual([
      { ok: false, error: 'missing_token' },
      { ok: false, error: 'missing_token' },
      { ok: true, team_id: acme.environment.id, project_id: acme.project.id, groups: {} },
    ]);
  });

  it('resolves a full batch of 10,000 events larger than one NATS message, in order, and refuses 10,001', async () => {
    const tokens = [acme.environment.api_token, staging.api_token, 'phc_nope'];
    const events = Array.from({ length: 10_000 }, (_, i) => pageview(tokens[i % 3], {}, { filler: 'x'.repeat(150), i }));
    expect(Buffer.byteLength(JSON.stringify({ events }))).toBeGreaterThan(1024 * 1024);

    const full = await resolve(events);
    const tooMany = await resolve([...events, pageview(acme.environment.api_token)]);

    expect(full.status).toBe(200);
    expect(full.body.results).toHaveLength(10_000);
    full.body.results.forEach((result, i) => {
      if (i % 3 === 2) expect(result).toEqual({ ok: false, error: 'unknown_token' });
      else expect(result).toMatchObject({ ok: true, team_id: i % 3 === 0 ? acme.environment.id : staging.id });
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ type: 'validation_error', code: 'too_many_events', attr: 'events' });
  });

  it('shows definitions seen in any environment on the project and environment routes, typed on first sight', async () => {
    await resolve([pageview(staging.api_token, {}, { plan: 'pro', amount: 12.5, signed_up_at: '2026-01-02T03:04:05Z' })]);
    const properties = await eventually(async () => {
      const list = await api.get<ListBody<Definition>>(`/api/v2/projects/${acme.project.id}/property_definitions/?type=event`, acme.key);
      return list.body.results.length >= 3 ? list.body.results : undefined;
    });
    const events = await api.get<ListBody<Definition>>(`/api/projects/${acme.environment.id}/event_definitions/?search=page`, acme.key);

    expect(Object.fromEntries(properties.map((p) => [p.name, p.property_type]))).toMatchObject({ plan: 'String', amount: 'Numeric', signed_up_at: 'DateTime' });
    expect(events.body.results.map((e) => e.name)).toEqual(['$pageview']);
    const globexEvents = await api.get<ListBody<Definition>>(`/api/v2/projects/${globex.project.id}/property_definitions/`, globex.key);
    expect(globexEvents.body.results.map((p) => p.name)).not.toContain('plan');
  });

  it('lets a user set a property type that detection never overrides, honouring If-Match', async () => {
    const list = await api.get<ListBody<Definition>>(`/api/v2/projects/${acme.project.id}/property_definitions/?search=plan`, acme.key);
    const plan = list.body.results[0];
    const read = await api.get(`/api/v2/projects/${acme.project.id}/property_definitions/${plan.id}`, acme.key);
    const etag = read.headers.get('etag')!;

    const changed = await api.patch<Definition>(`/api/v2/projects/${acme.project.id}/property_definitions/${plan.id}`, acme.key, { property_type: 'Numeric' }, etag);
    const stale = await api.patch(`/api/v2/projects/${acme.project.id}/property_definitions/${plan.id}`, acme.key, { property_type: 'Boolean' }, etag);

    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ property_type: 'Numeric', is_numerical: true });
    expect(stale.status).toBe(412);
  });

  it('renames group type labels but never the type, and refuses an index outside 0–4', async () => {
    const renamed = await api.patch<GroupType>(`/api/v2/projects/${acme.project.id}/group_types/0`, acme.key, { name_singular: 'Company', name_plural: 'Companies' });
    const renameType = await api.patch(`/api/v2/projects/${acme.project.id}/group_types/0`, acme.key, { group_type: 'org' });
    const badIndex = await api.patch(`/api/v2/projects/${acme.project.id}/group_types/7`, acme.key, { name_singular: 'X' });

    expect(renamed.body).toEqual({ group_type: 'company', group_type_index: 0, name_singular: 'Company', name_plural: 'Companies' });
    expect(renameType.status).toBe(400);
    expect(renameType.body).toMatchObject({ attr: 'group_type' });
    expect(badIndex.status).toBe(400);
  });

  it("hides a project's taxonomy from outsiders and a restricted environment's views from members without a grant", async () => {
    const member = await addMember(api, acme, 1);
    const restricted = (await api.post<{ id: number }>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Restricted', access_control: true })).body;

    const outsider = await api.get(`/api/v2/projects/${acme.project.id}/group_types/`, globex.key);
    const hidden = await api.get(`/api/v2/environments/${restricted.id}/event_definitions/`, member.key);
    const open = await api.get(`/api/v2/environments/${staging.id}/event_definitions/`, member.key);
    await api.post(`/api/v2/environments/${restricted.id}/access/`, acme.key, { user_id: member.userId, level: 1 });
    const granted = await api.get(`/api/v2/environments/${restricted.id}/event_definitions/`, member.key);

    expect(outsider.status).toBe(404);
    expect(hidden.status).toBe(404);
    expect(open.status).toBe(200);
    expect(granted.status).toBe(200);
  });

  it('stops resolving a reset token while the new one resolves', async () => {
    const reset = await api.post<{ api_token: string }>(`/api/v2/environments/${staging.id}/reset_token`, acme.key);
    const refused = await eventually(async () => {
      const answer = await resolve([pageview(staging.api_token), pageview(reset.body.api_token)]);
      const [old, fresh] = answer.body.results;
      return !old.ok && fresh.ok ? answer.body.results : undefined;
    });

    expect(refused[0]).toEqual({ ok: false, error: 'unknown_token' });
    expect(refused[1]).toMatchObject({ ok: true, team_id: staging.id });
  });
});
