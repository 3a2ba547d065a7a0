import fc from 'fast-check';
import { type ApiDocument, credentialsFor, type Operation, operationsOf, send } from '../testing/api-document';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

/** Runs per property: with ~60 operations, each gets a handful of hostile requests; the whole spec stays well under a minute. */
const RUNS = 600;

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '__proto__', 'constructor', '%00', '../../etc', '😀'.repeat(200), ' '.repeat(300)),
  fc.string({ maxLength: 3_000 }),
);

const hostileValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A body meant for `operation`: its own field names with hostile values, garbage, or JSON nested far too deep. */
function hostileBody(operation: Operation, document: ApiDocument): fc.Arbitrary<string | undefined> {
  const ref = operation.body?.$ref?.split('/').pop();
  const fields = Object.keys((ref ? document.components.schemas[ref] : operation.body)?.properties ?? {});
  const names = fields.length > 0 ? fc.oneof(fc.constantFrom(...fields), fc.constantFrom('__proto__', 'constructor'), hostileText) : hostileText;
  return fc.oneof(
    fc.constant(undefined),
    fc.dictionary(names, hostileValue, { maxKeys: 6 }).map((value) => JSON.stringify(value)),
    hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 65, max: 6_000 }).map((levels) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`),
    fc.constant('{"events":[{"token":"phc_x","event":"e","distinct_id":"u","properties":{"__proto__":{"x":1}}}]}'),
  );
}

const hostileSegment = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '99999999999999999999', '%00', '%E0%A4%A', '%ff', '..', '%2F', 'null'),
  fc.string({ minLength: 1, maxLength: 30 }).map(safeEncode),
  fc.integer({ min: 90, max: 3_000 }).map((length) => '9'.repeat(length)),
);

const hostileQuery = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?search=%00', '?search=%ff', '?limit=-1', '?limit=1e9', '?offset=abc', '?type=planet', '?group_type_index=9', '?a=1&a=2&a=3', `?search=${'x'.repeat(5_000)}`),
  fc.array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'offset', 'search', 'type', 'group_type_index', 'organization_id'), hostileText), hostileText), { maxLength: 4 }).map(
    (pairs) => `?${new URLSearchParams(pairs).toString()}`,
  ),
);

const hostileHeaders = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''),
    'if-match': fc.constantFrom('*', 'W/"0"', '"99999999999999999999999"', 'garbage', 'W/"-1"'),
    'x-correlation-id': fc.string({ unit: fc.constantFrom(...'abc-_.:;/ {}'.split('')), maxLength: 200 }),
    authorization: fc.constantFrom('Bearer', 'Bearer phx_', `Bearer phx_${'a'.repeat(43)}`, 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(8_000)}`),
  },
  { requiredKeys: [] },
);

/** Any string as a path segment: encodeURIComponent refuses unpaired surrogates, which are sent as raw bytes instead. */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

describe('fuzzing every operation of /api/schema (issue 8)', () => {
  const { system, api } = gatewayForSpecs();
  let document: ApiDocument;
  let acme: Account;

  beforeAll(async () => {
    document = (await api.call<ApiDocument>('GET', '/api/schema')).body;
    acme = await signup(api, 'fuzz');
  });

  it('never answers 5xx, and answers every error with the SPEC body', async () => {
    const operations = operationsOf(document);
    const request = fc
      .constantFrom(...operations)
      .chain((operation) =>
        fc.record({
          operation: fc.constant(operation),
          params: fc.array(fc.oneof(fc.constant(String(acme.project.id)), fc.constant(acme.organization.id), hostileSegment), { minLength: 4, maxLength: 4 }),
          query: hostileQuery,
          body: hostileBody(operation, document),
          headers: hostileHeaders,
        }),
      );
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, params, query, body, headers }) => {
        let next = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => params[next++ % params.length]) + query;
        const sent: Record<string, string> = { ...headers };
        for (const [name, value] of Object.entries(credentialsFor(operation, { personal: acme.key, environment: acme.environment.api_token }))) sent[name] ??= value;
        const answer = await send(system.baseUrl, operation.method, path, { headers: sent, body: operation.method === 'GET' ? undefined : body });
        const context = `${operation.method} ${path.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
        expect({ context, serverError: answer.status >= 500 }).toEqual({ context, serverError: false });
        if (answer.status >= 400) {
          const body = answer.body as Record<string, unknown>;
          const shape = { type: typeof body.type, code: typeof body.code, detail: typeof body.detail, attr: body.attr === null ? 'null' : typeof body.attr };
          expect({ context, shape }).toEqual({ context, shape: { type: 'string', code: 'string', detail: 'string', attr: expect.stringMatching(/^(null|string)$/) } });
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 40_000 },
    );
  }, 60_000);

  it('is still ready afterwards, and still serves the key it was fuzzed with', async () => {
    expect((await fetch(`${system.baseUrl}/_ready`)).status).toBe(200);
    expect((await api.get('/api/users/@me', acme.key)).status).toBe(200);
  });
});
