import { randomUUID } from 'node:crypto';
import { type ApiDocument, credentialsFor, fillPath, minimalValue, type Operation, operationsOf, requiredQuery, responseChecker, send } from '../testing/api-document';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

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
