import { randomUUID } from 'node:crypto';
import { eventually } from '@strata/testing';
import { type ApiDocument, CheckedClient, credentialsFor, fillPath, minimalValue, type Operation, operationsOf, requiredQuery, responseChecker, send } from '../testing/api-document';
import { type Account, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';
import { exports, imports, seed, until } from '../testing/import-jobs';

/** Refusals the API documents on purpose: what they answer is checked like any other answer. */
/**
 * Requests no minimal body can satisfy: environments outside a project; an import without an upload; adopting an environment of this very project;
 * comparing or copying between environments named by placeholders (one environment with itself, or not an id at all).
 */
const REFUSED_BY_DESIGN = new Set([
  'POST /api/v2/environments/',
  'POST /api/projects/',
  'POST /api/v2/projects/{project_id}/imports/',
  'POST /api/v2/projects/{project_id}/adopt_environment',
  'GET /api/v2/projects/{project_id}/compare/',
  'POST /api/v2/projects/{project_id}/copy_flag_states',
]);

/** Reads before writes, deletions last (the project's own last of all): each operation finds what it names. */
function inOrder(operations: Operation[]): Operation[] {
  const rank = (operation: Operation) => ({ GET: 0, POST: 1, PATCH: 2, DELETE: 3 })[operation.method] ?? 4;
  const projectDeletion = (operation: Operation) => (operation.method === 'DELETE' && /\{project_id\}$/.test(operation.path) ? 1 : 0);
  return [...operations].sort((a, b) => rank(a) - rank(b) || projectDeletion(a) - projectDeletion(b));
}

describe('the API document says what the API does (issue 8, finding 8)', () => {
  const { system, api } = gatewayForSpecs();
  let document: ApiDocument;
  let acme: Account;
  /** Experiments and early access features must name a flag their environment sees. */
  let flagId: string;

  beforeAll(async () => {
    document = (await api.call<ApiDocument>('GET', '/api/schema')).body;
    acme = await signup(api, 'contract');
    flagId = (await api.post<{ id: string }>(`/api/v2/environments/${acme.environment.id}/feature_flags/`, acme.key, { key: 'contract-flag' })).body.id;
  });

  const pathValue = (name: string) => {
    if (name === 'org_id') return acme.organization.id;
    if (['project_id', 'env_id', 'id'].includes(name)) return String(acme.project.id);
    if (name === 'index') return '0';
    return randomUUID();
  };

  it('documents no request field as an array that the API reads as a scalar, and /i/v0/resolve as open', () => {
    const environment = document.components.schemas.Projects_createEnvironment_body.properties ?? {};
    for (const field of ['banner_text', 'banner_colour', 'hide_disabled_flags']) expect({ field, type: environment[field]?.type }).not.toEqual({ field, type: 'array' });
    expect(operationsOf(document).find((operation) => operation.path === '/i/v0/resolve')?.needsKey).toBe(false);
    expect(operationsOf(document).find((operation) => operation.path === '/api/v2/projects/' && operation.method === 'GET')?.needsKey).toBe(true);
  });

  it('names no bearer key a JWT, and documents a 401 on exactly the routes that ask for a credential, which answer it', async () => {
    const schemes = (document as ApiDocument & { components: { securitySchemes: Record<string, { bearerFormat?: string }> } }).components.securitySchemes;
    expect(Object.values(schemes).filter((scheme) => scheme.bearerFormat === 'JWT')).toEqual([]);
    const problems: string[] = [];
    for (const operation of operationsOf(document)) {
      const label = `${operation.method} ${operation.path}`;
      if (operation.needsKey !== ('401' in operation.responses)) problems.push(`${label}: security ${operation.security.join(',') || 'none'}, 401 ${'401' in operation.responses ? '' : 'not '}documented`);
      if (!operation.needsKey) continue;
      const answer = await send(system.baseUrl, operation.method, fillPath(operation.path, pathValue));
      if (answer.status !== 401) problems.push(`${label}: answered ${answer.status} without a credential`);
    }
    expect(problems).toEqual([]);
  });

  it('answers real requests of every family of routes with bodies its document describes', async () => {
    const checked = new CheckedClient(system, document);
    const owner = await signup(checked, 'bodies');
    const key = owner.key;
    const env = (id: number, rest = '') => `/api/v2/environments/${id}/${rest}`;
    const project = (rest = '') => `/api/v2/projects/${owner.project.id}/${rest}`;
    const created = async <T = { id: string }>(path: string, body: unknown): Promise<T> => {
      const answer = await checked.post<T>(path, key, body);
      if (answer.status >= 300) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const production = owner.environment.id;

    // accounts and personal keys
    await checked.get('/api/users/@me', key);
    await checked.get(`/api/organizations/${owner.organization.id}`, key);
    await checked.get(`/api/organizations/${owner.organization.id}/members/`, key);
    const personal = await created('/api/personal_api_keys/', { label: 'contract', scoped_environments: [production] });
    await checked.get('/api/personal_api_keys/', key);
    await checked.delete(`/api/personal_api_keys/${personal.id}`, key);

    // projects and environments
    await checked.get('/api/v2/projects/', key);
    await checked.patch(project(), key, { name: 'Contract' });
    const staging = (await created<{ id: number }>(project('environments/'), { name: 'Staging', banner_text: null })).id;
    await checked.get(project('environments/'), key);
    await checked.get(env(staging), key);
    await checked.patch(env(staging), key, { banner_colour: null });
    await checked.get(env(staging, 'access/'), key);
    await created(env(staging, 'server_keys/'), { name: 'backend' });
    await checked.get(env(staging, 'server_keys/'), key);

    // entities, flags and their states
    const flag = await created(env(production, 'feature_flags/'), { key: 'contract-bodies', is_project_wide: true });
    await created(env(production, 'cohorts/'), { name: 'contract cohort', rules: [] });
    await checked.get(env(production, 'feature_flags/'), key);
    await checked.get(env(production, `feature_flags/${flag.id}`), key);
    await checked.patch(env(production, `feature_flags/${flag.id}`), key, { name: 'described' });
    await checked.patch(env(staging, `feature_flags/${flag.id}/state`), key, { enabled: true });
    await checked.get(env(staging, `feature_flags/${flag.id}/state`), key);
    await checked.get(project('feature_flags/'), key);
    await checked.get(project('tags/'), key);

    // history and activity
    await checked.get(env(production, 'activity/'), key);
    await checked.get(project('activity/'), key);
    await checked.get(env(production, `feature_flags/${flag.id}/history/`), key);
    await checked.get(env(production, `feature_flags/${flag.id}/history/1`), key);
    await checked.get(env(staging, `feature_flags/${flag.id}/state/history/`), key);

    // compare and copy
    await checked.get(project(`compare/?base=${staging}&head=${production}`), key);
    await checked.post(project('copy_flag_states'), key, { from_environment_id: staging, to_environment_id: production, flag_ids: [flag.id], dry_run: true });

    // export and import jobs, finished: `finished_at` and `error` as the API writes them
    const exported = await created(exports(owner.project.id), {});
    await until(checked, key, `${exports(owner.project.id)}${exported.id}`);
    await checked.get(`${exports(owner.project.id)}${exported.id}/download`, key);
    const imported = await created(imports(owner.project.id), { strategy: 'SKIP', dry_run: true, data: seed() });
    await until(checked, key, `${imports(owner.project.id)}${imported.id}`);

    // SDK routes, once the gateway's flag model knows the environment; taxonomy, once an event made its definitions
    const environmentKey = { 'x-environment-key': owner.environment.api_token };
    await eventually(async () => expect((await checked.call('GET', '/api/v1/flags/', { headers: environmentKey })).status).toBe(200));
    await checked.call('POST', '/api/v1/identities/', { headers: environmentKey, body: { identifier: 'ada', traits: [{ trait_key: 'plan', trait_value: 'pro' }] } });
    await checked.call('POST', '/ofrep/v1/evaluate/flags/contract-bodies', { headers: { authorization: `Bearer ${owner.environment.api_token}` }, body: { context: { targetingKey: 'ada' } } });
    await checked.call('POST', '/ofrep/v1/evaluate/flags', { headers: { authorization: `Bearer ${owner.environment.api_token}` }, body: { context: { targetingKey: 'ada' } } });
    const event = { token: owner.environment.api_token, event: 'purchase', distinct_id: 'ada', properties: { amount: 12.5 } };
    await checked.post('/i/v0/resolve', undefined, { events: [event] });
    const definitions = await eventually(async () => {
      const answer = await checked.get<ListBody<{ id: string }>>(env(production, 'event_definitions/'), key);
      expect(answer.body.results.length).toBeGreaterThan(0);
      return answer.body.results;
    });
    await checked.get(env(production, `event_definitions/${definitions[0].id}`), key);
    await checked.get(`/api/v2/projects/${owner.project.id}/property_definitions/`, key);
    await checked.get(`/api/v2/projects/${owner.project.id}/group_types/`, key);

    expect(checked.problems).toEqual([]);
    const families = ['/api/users', '/api/personal_api_keys', '/api/v2/projects/{project_id}', '/environments/', 'feature_flags', 'cohorts', '/state', 'exports', 'imports', 'activity', 'history', 'compare', 'copy_flag_states', 'definitions', '/api/v1/', '/ofrep/'];
    expect(families.filter((family) => ![...checked.answered].some((operation) => operation.includes(family)))).toEqual([]);
  }, 120_000);

  it('accepts the smallest request each operation documents, and answers as documented', async () => {
    const check = responseChecker(document);
    const problems: string[] = [];
    const operations = inOrder(operationsOf(document));
    for (const operation of operations) {
      const path = fillPath(operation.path, pathValue) + requiredQuery(operation, (name) => `${name}-${randomUUID().slice(0, 6)}`);
      const body = operation.body ? minimalValue(operation.body, document, { user_id: acme.user.id, feature_flag_id: flagId }) : undefined;
      const headers = credentialsFor(operation, { personal: acme.key, environment: acme.environment.api_token });
      if (body !== undefined) headers['content-type'] = 'application/json';
      const answer = await send(system.baseUrl, operation.method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const label = `${operation.method} ${operation.path}`;
      const problem = check(operation, answer.status, answer.body);
      if (problem) problems.push(`${label}: ${problem}`);
      if (answer.status === 400 && !REFUSED_BY_DESIGN.has(label)) problems.push(`${label}: refused its documented request ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
      if (answer.status >= 500) problems.push(`${label}: ${answer.status}`);
    }
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThan(50);
  });
});
