import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { OpenFeature as WebFeature, ProviderEvents } from '@openfeature/web-sdk';
import { eventually } from '@strata/testing';
import { EventSource } from 'eventsource';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';
import { type SentBlock, SseReader } from '../testing/sse-reader';

type Entity = { id: string };
type EventSourceLike = { readyState: number; close(): void };

jest.setTimeout(120_000);

const CAP = 3;

/**
 * The SDKs' real-time streams against Strata (SPEC §4.5, issue 20): Flagsmith's JS SDK 10.0.0 with `realtime: true`
 * and OpenFeature's web provider 0.4.3 (which follows OFREP `eventStreams`), each with the `eventsource` package as
 * Node's EventSource; the rest read the stream's bytes, for what an EventSource hides (heartbeats, refusals, the end).
 */
describe('real-time SDK streams (issue 20)', () => {
  const { system, api } = gatewayForSpecs({ apps: ['gateway', 'projects', 'entities'], env: { SSE_HEARTBEAT_MS: '100', SSE_MAX_STREAMS_PER_KEY: String(CAP) } });
  let acme: Account;
  let colour: Entity;
  let value = 0;
  const readers: SseReader[] = [];

  const env = (rest: string) => `/api/v2/environments/${acme.environment.id}/${rest}`;
  const flagsOf = (key: string) => api.call<Array<{ feature: { name: string }; feature_state_value: unknown }>>('GET', '/api/v1/flags/', { headers: { 'x-environment-key': key } });
  /** A new server key, once the gateway's model knows it. */
  const serverKey = async (name: string) => {
    const created = (await api.post<{ id: string; key: string }>(env('server_keys/'), acme.key, { name })).body;
    await eventually(async () => expect((await flagsOf(created.key)).status).toBe(200));
    return created;
  };
  /** A new value of the colour: every call is a change of the environment's answers. */
  const changeColour = async (): Promise<string> => {
    const next = `colour-${++value}`;
    const answer = await api.patch(env(`feature_flags/${colour.id}/state`), acme.key, { enabled: true, feature_state_value: { type: 'unicode', string_value: next } });
    if (answer.status !== 200) throw new Error(`state answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return next;
  };
  const colourOf = async (key: string) => (await flagsOf(key)).body.find((flag) => flag.feature.name === 'rt-colour')?.feature_state_value;
  const read = async (key: string, headers: Record<string, string> = {}, format = 'stream'): Promise<SseReader> => {
    const opened = await SseReader.open(`${system.baseUrl}/sse/environments/${encodeURIComponent(key)}/${format}`, headers);
    if (!(opened instanceof SseReader)) throw new Error(`the stream answered ${opened.status}: ${JSON.stringify(opened.body)}`);
    readers.push(opened);
    return opened;
  };
  const refused = (key: string) => SseReader.open(`${system.baseUrl}/sse/environments/${encodeURIComponent(key)}/stream`);
  /** Streams open on the gateway, as it reports them: a client is listening once counted. */
  const openStreams = async () => Number(/^strata_sdk_streams_open\{[^}]*\} (\d+)$/m.exec(await (await fetch(`${system.baseUrl}/metrics`)).text())?.[1]);
  const environmentUpdates = (blocks: SentBlock[]) => blocks.filter((block) => block.event === 'environment_updated');

  beforeAll(async () => {
    acme = await signup(api, 'streams');
    const created = await api.post<Entity>(env('feature_flags/'), acme.key, { key: 'rt-colour', is_project_wide: true });
    colour = created.body;
    const current = await changeColour();
    await eventually(async () => expect(await colourOf(acme.environment.api_token)).toBe(current));
    // Flagsmith's SDK and OpenFeature's provider use the global EventSource, as in a browser.
    Object.assign(globalThis, { EventSource });
  });

  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close();
    await eventually(async () => expect(await openStreams()).toBe(0));
  });

  afterAll(async () => {
    await WebFeature.close();
  });

  it('the Flagsmith JS SDK with realtime: true picks up a change over the stream', async () => {
    // flagsmith reads the global EventSource when loaded, and opens its stream only where `window` exists.
    const { createFlagsmithInstance } = await import('flagsmith');
    const flagsmith = createFlagsmithInstance();
    const seen: unknown[] = [];
    Object.assign(globalThis, { window: globalThis });
    const ready = flagsmith.init({
      environmentID: acme.environment.api_token,
      api: `${system.baseUrl}/api/v1/`,
      eventSourceUrl: `${system.baseUrl}/`,
      realtime: true,
      fetch,
      onChange: () => seen.push(flagsmith.getValue('rt-colour')),
    });
    delete (globalThis as { window?: unknown }).window;
    await ready;
    const stream = (flagsmith as unknown as { eventSource: EventSourceLike }).eventSource;
    try {
      expect(flagsmith.getValue('rt-colour')).toBe(`colour-${value}`);
      await eventually(async () => expect(await openStreams()).toBe(1));

      const next = await changeColour();

      await eventually(() => expect(flagsmith.getValue('rt-colour')).toBe(next));
      expect(seen).toContain(next);
    } finally {
      stream.close();
    }
  });

  it('OpenFeature’s web provider follows the bulk answer’s eventStreams and re-evaluates on refetchEvaluation', async () => {
    const { key } = await serverKey('ofrep');
    const bulk = await api.call<{ eventStreams: unknown }>('POST', '/ofrep/v1/evaluate/flags', { headers: { authorization: `Bearer ${key}` }, body: { context: { targetingKey: 'ada' } } });
    expect(bulk.body.eventStreams).toEqual([{ type: 'sse', endpoint: { requestUri: `/sse/environments/${encodeURIComponent(key)}/ofrep` } }]);

    await WebFeature.setContext('streams', { targetingKey: 'ada' });
    await WebFeature.setProviderAndWait('streams', new OFREPWebProvider({ baseUrl: system.baseUrl, headers: [['Authorization', `Bearer ${key}`]], pollInterval: 0, cacheMode: 'disabled' }));
    const client = WebFeature.getClient('streams');
    const changed: unknown[] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, () => changed.push(client.getStringValue('rt-colour', 'none')));
    expect(client.getStringValue('rt-colour', 'none')).toBe(`colour-${value}`);
    // Its stream is the provider's alone (polling is off): once open, a change is announced there or nowhere.
    await eventually(async () => expect(await openStreams()).toBe(1));

    const next = await changeColour();

    await eventually(() => expect(client.getStringValue('rt-colour', 'none')).toBe(next));
    expect(changed).toContain(next);
    await WebFeature.clearProviders();
  });

  it('sends refetchEvaluation with the new ETag on the OFREP stream, and environment_updated with updated_at on Flagsmith’s', async () => {
    const { key } = await serverKey('formats');
    const ofrep = await read(key, {}, 'ofrep');
    const flagsmith = await read(key);
    await eventually(async () => expect(await openStreams()).toBe(2));
    const before = Date.now() / 1000;

    await changeColour();

    await eventually(() => expect(ofrep.events).toHaveLength(1));
    await eventually(() => expect(flagsmith.events).toHaveLength(1));
    const refetch = JSON.parse(ofrep.events[0].data!) as { type: string; etag: string; lastModified: number };
    expect(refetch).toMatchObject({ type: 'refetchEvaluation', etag: expect.stringMatching(/^".+"$/) });
    expect(ofrep.events[0].event).toBeUndefined();
    const updated = JSON.parse(flagsmith.events[0].data!) as { updated_at: number };
    expect(flagsmith.events[0]).toMatchObject({ event: 'environment_updated', id: refetch.etag.replace(/"/g, '') });
    expect(updated.updated_at).toBeGreaterThan(before - 5);
    expect(updated.updated_at).toBeLessThan(Date.now() / 1000 + 1);
  });

  it('notifies on a change of the answers only: an event that changes none sends nothing', async () => {
    const reader = await read(acme.environment.api_token);
    await eventually(async () => expect(await openStreams()).toBe(1));

    // The banner is a setting of the environment: its document is rebuilt, and no answer changes with it.
    expect((await api.patch(`/api/v2/environments/${acme.environment.id}`, acme.key, { banner_text: 'maintenance at noon' })).status).toBe(200);
    const next = await changeColour();

    await eventually(() => expect(reader.events).toHaveLength(1));
    expect(await colourOf(acme.environment.api_token)).toBe(next);
    expect(environmentUpdates(reader.blocks)).toHaveLength(1);
  });

  it('sends heartbeats (comments) while nothing changes', async () => {
    const reader = await read(acme.environment.api_token);

    await eventually(() => expect(reader.blocks.filter((block) => block.comment === 'heartbeat').length).toBeGreaterThanOrEqual(2));
    expect(reader.events).toEqual([]);
  });

  it('names the current version first, and a reconnect with an older Last-Event-ID gets the current message at once', async () => {
    const first = await read(acme.environment.api_token);
    await eventually(() => expect(first.blocks[0]?.id).toBeDefined());
    const seen = first.blocks[0].id!;
    first.close();

    await changeColour();
    await eventually(async () => expect(await openStreams()).toBe(0));

    const again = await read(acme.environment.api_token, { 'last-event-id': seen });
    await eventually(() => expect(environmentUpdates(again.blocks)).toHaveLength(1));
    const current = environmentUpdates(again.blocks)[0].id!;
    expect(current).not.toBe(seen);
    const upToDate = await read(acme.environment.api_token, { 'last-event-id': current });
    await eventually(() => expect(upToDate.blocks[0]).toEqual({ id: current }));
    expect(upToDate.events).toEqual([]);
  });

  it('refuses an unknown client or server key with 401', async () => {
    expect(await refused('phc_unknown')).toMatchObject({ status: 401, body: { type: 'authentication_error', code: 'invalid_environment_key', attr: null } });
    expect(await refused('ser.unknown')).toMatchObject({ status: 401, body: { code: 'invalid_environment_key' } });
  });

  it('closes the streams of a revoked server key and of a rotated client key; the old keys are then refused', async () => {
    const revoked = await serverKey('revoked');
    const kept = await serverKey('kept');
    const ofRevoked = await read(revoked.key);
    const ofKept = await read(kept.key);
    const ofToken = await read(acme.environment.api_token);
    await eventually(async () => expect(await openStreams()).toBe(3));

    expect((await api.delete(env(`server_keys/${revoked.id}`), acme.key)).status).toBe(204);
    await eventually(() => expect(ofRevoked.ended).toBe(true));
    expect(ofKept.ended).toBe(false);
    const rotated = await api.post<{ api_token: string }>(`/api/v2/environments/${acme.environment.id}/reset_token`, acme.key);
    await eventually(() => expect(ofToken.ended).toBe(true));

    expect(ofKept.ended).toBe(false);
    expect(await refused(revoked.key)).toMatchObject({ status: 401, body: { code: 'invalid_environment_key' } });
    expect(await refused(acme.environment.api_token)).toMatchObject({ status: 401 });
    acme.environment.api_token = rotated.body.api_token;
  });

  it(`refuses a key's stream beyond its cap (${CAP}) with 429, and takes one again once a stream closes`, async () => {
    const { key } = await serverKey('capped');
    const open = await Promise.all(Array.from({ length: CAP }, () => read(key)));

    expect(await refused(key)).toMatchObject({ status: 429, body: { type: 'invalid_request', code: 'too_many_streams', detail: expect.stringContaining(String(CAP)), attr: null } });
    const { key: another } = await serverKey('another');
    await read(another);

    open[0].close();
    await eventually(async () => expect(await openStreams()).toBe(CAP));
    await read(key);
  });

  it('names the same version from another instance, and ends its streams at a graceful stop without waiting on them', async () => {
    const instance = await system.startInstance('gateway');
    const here = await read(acme.environment.api_token);
    const there = await SseReader.open(`${instance.url}/sse/environments/${acme.environment.api_token}/stream`);
    if (!(there instanceof SseReader)) throw new Error(`the stream answered ${there.status}`);
    await eventually(() => expect([here.blocks[0]?.id, there.blocks[0]?.id].every((id) => id !== undefined)).toBe(true));
    // A client may reconnect to any instance with the id it saw: the same version there is nothing missed.
    expect(there.blocks[0]).toEqual(here.blocks[0]);

    // 0: every stop hook finished before the shutdown's deadline (1 when the HTTP server waited on the stream).
    expect(await instance.stop()).toBe(0);
    await eventually(() => expect(there.ended).toBe(true));
    expect(here.ended).toBe(false);
  });
});
