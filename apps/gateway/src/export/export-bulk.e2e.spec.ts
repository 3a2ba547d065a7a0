import http from 'node:http';
import { eventually } from '@strata/testing';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';
import { exports, imports, newProject, until } from '../testing/import-jobs';

/**
 * SPEC §6 at size, through HTTP with the default limits: a file over 10 MiB is imported (as a value and as text), an
 * upload cut off midway leaves nothing staged for long, and an export is canonical — `export → import → export` gives the same bytes apart
 * from `exported_at` whatever the order of the imported file's keys and lists.
 */

const UPLOAD_TTL_MS = 3_000;
const VALUE = 'v'.repeat(1_900);

/** `features` features × 2 environments, each state with a long value: ~2 KB per state. */
function sizedFile(features: number) {
  const names = Array.from({ length: features }, (_, i) => `feature_${i}`);
  const environment = (name: string) => ({
    name,
    feature_states: names.map((feature, i) => ({
      feature, enabled: i % 2 === 0, feature_state_value: { type: 'unicode', string_value: VALUE },
      multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 30 }, { multivariate_feature_option: 1, percentage_allocation: 70 }],
    })),
    feature_segments: names.slice(0, 20).map((feature) => ({ feature, segment: 'beta', priority: 0, feature_state: { enabled: true, feature_state_value: null, multivariate_feature_state_values: [] } })),
  });
  return {
    version: 1, exported_at: '2026-01-01T00:00:00Z',
    tags: [{ label: 'core', color: '#000', description: '', is_permanent: false }],
    segments: [{ name: 'beta', description: '', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'beta' }] }] }],
    features: names.map((name) => ({
      name, description: '', default_enabled: false, initial_value: null, is_server_key_only: false, tags: ['core'],
      multivariate_options: [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 30 }, { type: 'unicode', string_value: 'b', default_percentage_allocation: 70 }],
    })),
    environments: [environment('Production'), environment('Staging')],
  };
}

/** Every object's keys reversed and each environment's lists reversed: what another tool might write. */
function shuffled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffled);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, ['feature_states', 'feature_segments', 'multivariate_feature_state_values'].includes(key) && Array.isArray(item) ? shuffled([...item].reverse()) : shuffled(item)]));
}

describe('export and import at size, with the default limits (SPEC §6)', () => {
  const { system, api } = gatewayForSpecs({ apps: ['projects', 'entities', 'export', 'gateway'], env: { UPLOAD_TTL_MS: String(UPLOAD_TTL_MS) } });
  let acme: Account;

  beforeAll(async () => {
    acme = await signup(api, 'bulk');
  });

  async function importInto(projectId: number, data: unknown): Promise<void> {
    const created = await api.post<{ id: string }>(imports(projectId), acme.key, { strategy: 'OVERWRITE_DESTRUCTIVE', data });
    expect({ status: created.status, body: created.status === 202 ? undefined : created.body }).toEqual({ status: 202, body: undefined });
    expect(await until(api, acme.key, `${imports(projectId)}${created.body.id}`, 300_000)).toMatchObject({ status: 'SUCCESS', error: null });
  }

  async function exported(projectId: number): Promise<string> {
    const created = await api.post<{ id: string }>(exports(projectId), acme.key, {});
    expect(await until(api, acme.key, `${exports(projectId)}${created.body.id}`, 120_000)).toMatchObject({ status: 'SUCCESS' });
    const response = await fetch(`${system.baseUrl}${exports(projectId)}${created.body.id}/download`, { headers: { authorization: `Bearer ${acme.key}` } });
    expect(response.status).toBe(200);
    return response.text();
  }

  const withoutExportedAt = (text: string) => text.replace(/^\{"version":1,"exported_at":"[^"]*"/, '');

  it('imports a file over 10 MiB, as a value and as text, and its export → import → export is byte-identical apart from exported_at, whatever the order', async () => {
    const file = sizedFile(2_800);
    expect(Buffer.byteLength(JSON.stringify(file))).toBeGreaterThan(10 * 1024 * 1024);
    const source = await newProject(api, acme);
    await importInto(source, file);
    const first = await exported(source);
    expect((JSON.parse(first) as { features: unknown[] }).features).toHaveLength(2_800);

    const copy = await newProject(api, acme);
    // Sent as text this time, as the CLI and the console send it: the string's content is passed on decoded, as it arrives.
    await importInto(copy, JSON.stringify(shuffled(JSON.parse(first))));
    const second = await exported(copy);

    expect(withoutExportedAt(second)).toBe(withoutExportedAt(first));
    expect(first).toContain('"multivariate_feature_state_values":[{"multivariate_feature_option":0,"percentage_allocation":30},{"multivariate_feature_option":1,"percentage_allocation":70}]');
  }, 600_000);

  it('a client cut off midway through its upload: the pieces it sent were passed on as they came, and are swept, with no job made', async () => {
    const projectId = await newProject(api, acme);
    const uploads = await system.kit.database('export');
    const body = JSON.stringify({ strategy: 'SKIP', data: sizedFile(3_000) });
    const { port } = new URL(system.baseUrl);
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: imports(projectId), headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const closed = new Promise<void>((resolve) => {
      request.on('error', () => resolve());
      request.on('close', () => resolve());
    });
    request.write(body.slice(0, body.length / 2));
    // The gateway does not wait for the whole body: half of it is already in the export service's hands.
    await eventually(async () => expect((await uploads.query('SELECT 1 FROM import_uploads LIMIT 1')).length).toBe(1), 60_000);
    request.destroy();
    await closed;

    await eventually(async () => expect(await uploads.query('SELECT upload_id FROM import_uploads')).toEqual([]), 30_000);
    expect(await uploads.query('SELECT id FROM import_jobs WHERE project_id = $1', [projectId])).toEqual([]);
    await importInto(projectId, sizedFile(3));
  }, 120_000);

  it('an upload cut off by the gateway dying midway is swept within two upload TTLs, and no job was made', async () => {
    const projectId = await newProject(api, acme);
    const uploads = await system.kit.database('export');
    // ~30 MB: hundreds of pieces, uploaded 8 at a time, so the gateway dies with some stored and some not.
    const posted = api.post(imports(projectId), acme.key, { strategy: 'SKIP', data: sizedFile(7_500) }).then(() => 'answered', () => 'cut off');
    await eventually(async () => expect((await uploads.query('SELECT 1 FROM import_uploads LIMIT 1')).length).toBe(1), 60_000);
    await system.killApp('gateway');
    expect(await posted).toBe('cut off');
    const left = await uploads.query<{ n: number }>('SELECT count(*)::int AS n FROM import_uploads');
    await system.startApp('gateway');

    await eventually(async () => expect(await uploads.query('SELECT upload_id FROM import_uploads')).toEqual([]), 30_000);
    expect(await uploads.query('SELECT id FROM import_jobs WHERE project_id = $1', [projectId])).toEqual([]);
    expect(left[0].n).toBeGreaterThan(0);
    await importInto(projectId, sizedFile(3));
  }, 180_000);
});
