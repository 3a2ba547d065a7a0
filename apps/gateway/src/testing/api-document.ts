import { randomUUID } from 'node:crypto';
import Ajv, { type ValidateFunction } from 'ajv';
import { type ApiAnswer, ApiClient, type CallOptions } from './api-client';

/** What the specs read of `/api/schema`: OpenAPI 3.0, as the gateway publishes it. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  minimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

type Content = Record<string, { schema?: Schema }>;

export interface Operation {
  method: string;
  /** The document's path, `{env_id}` and all. */
  path: string;
  needsKey: boolean;
  /** The security schemes it accepts (`personal_api_key`; `environment_key`, `ofrep_bearer`… for the SDK routes). */
  security: string[];
  parameters: Parameter[];
  body: Schema | undefined;
  responses: Record<string, { content?: Content }>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path' | 'needsKey' | 'security' | 'body'> & { security?: unknown[]; requestBody?: { content?: Content } }>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = new Set(['get', 'post', 'patch', 'put', 'delete']);

/** Every operation of the document, the legacy aliases included. */
export function operationsOf(document: ApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        // The SDK streams carry their key in the path (an EventSource sends no headers): a credential all the same.
        needsKey: (operation.security ?? []).length > 0 || path.includes('{api_key}'),
        security: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement as Record<string, unknown>)),
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema,
        responses: operation.responses,
      })),
  );
}

/** The path with its parameters filled in by name. */
export function fillPath(path: string, values: (name: string, schema: Schema) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(values(name, { type: 'string' })));
}

/** The credentials an operation reads: a personal API key, or (the SDK routes) an environment's key. */
export function credentialsFor(operation: Operation, keys: { personal: string; environment: string }): Record<string, string> {
  if (operation.security.includes('environment_key')) return { 'x-environment-key': keys.environment };
  if (operation.security.includes('ofrep_bearer')) return { authorization: `Bearer ${keys.environment}` };
  return operation.needsKey ? { authorization: `Bearer ${keys.personal}` } : {};
}

/** The operation's required query parameters, each filled in by name: `?identifier=…`, or nothing. */
export function requiredQuery(operation: Operation, values: (name: string) => string): string {
  const required = operation.parameters.filter((parameter) => parameter.in === 'query' && parameter.required === true);
  return required.length === 0 ? '' : `?${new URLSearchParams(required.map((parameter): [string, string] => [parameter.name, values(parameter.name)])).toString()}`;
}

/** A checker of answers against the documented responses: `undefined` when the answer is as documented, else why not. */
export function responseChecker(document: ApiDocument): (operation: Operation, status: number, body: unknown) => string | undefined {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema({ components: document.components }, 'api');
  const compiled = new Map<Schema, ValidateFunction>();
  const validatorOf = (schema: Schema) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(rebased(schema));
      compiled.set(schema, validate);
    }
    return validate;
  };
  return (operation, status, body) => {
    const documented = operation.responses[String(status)];
    if (!documented) return `${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    const schema = documented.content?.['application/json']?.schema;
    // A response documented without a schema (the ops endpoints' text and reports) has nothing to contradict.
    if (!schema) return undefined;
    const validate = validatorOf(schema);
    return validate(body) ? undefined : `${status} body does not match: ${ajv.errorsText(validate.errors)}`;
  };
}

/** `#/components/…` resolved against the document added to ajv as `api`. */
function rebased(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"api#/components/')) as Schema;
}

/**
 * The smallest value the schema accepts: required fields only, formats honoured, `$ref`s followed; a field named in
 * `known` (a reference such as `user_id`) takes that value.
 */
export function minimalValue(schema: Schema, document: ApiDocument, known: Record<string, unknown> = {}, name = ''): unknown {
  if (name in known) return known[name];
  if (schema.$ref) return minimalValue(document.components.schemas[schema.$ref.split('/').pop() ?? ''], document, known, name);
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return minimalValue(variant, document, known, name);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, minimalValue(schema.properties?.[key] ?? {}, document, known, key)]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'string':
      return minimalString(schema, name);
    default:
      return {};
  }
}

function minimalString(schema: Schema, name: string): string {
  if (schema.format === 'email' || name === 'email') return `doc-${randomUUID().slice(0, 8)}@example.com`;
  if (schema.format === 'uuid') return randomUUID();
  return `${name || 'x'}-${randomUUID().slice(0, 6)}`.padEnd(schema.minLength ?? 1, 'x');
}

export interface AnyAnswer {
  status: number;
  contentType: string;
  body: unknown;
}

/** Any request, any answer: the body is parsed only when the server says it is JSON (`/metrics` is text). */
export async function send(baseUrl: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<AnyAnswer> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: options.headers, body: options.body });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  return { status: response.status, contentType, body: contentType.startsWith('application/json') && text ? (JSON.parse(text) as unknown) : text };
}

/** The operation a concrete request names (`GET /api/v2/environments/12` → `…/{env_id}`): the one with fewest placeholders. */
export function operationAt(operations: readonly Operation[], method: string, url: string): Operation | undefined {
  const path = url.split('?')[0];
  const matches = operations.filter((operation) => operation.method === method.toUpperCase() && templateOf(operation.path).test(path));
  const placeholders = (operation: Operation) => operation.path.split('{').length;
  return matches.sort((a, b) => placeholders(a) - placeholders(b))[0];
}

const templates = new Map<string, RegExp>();

function templateOf(path: string): RegExp {
  let template = templates.get(path);
  if (!template) {
    const pattern = path.replace(/\/$/, '').split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+');
    template = new RegExp(`^${pattern}/?$`);
    templates.set(path, template);
  }
  return template;
}

/**
 * A client whose every answer is checked against the document: an operation it lists, a status it documents, a body
 * its schema accepts. `problems` says what was not; `answered` which operations answered a success.
 */
export class CheckedClient extends ApiClient {
  readonly problems: string[] = [];
  readonly answered = new Set<string>();
  private readonly operations: Operation[];
  private readonly check: ReturnType<typeof responseChecker>;

  constructor(gateway: { readonly baseUrl: string }, document: ApiDocument) {
    super(gateway);
    this.operations = operationsOf(document);
    this.check = responseChecker(document);
  }

  override async call<Body = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer<Body>> {
    const answer = await super.call<Body>(method, path, options);
    const operation = operationAt(this.operations, method, path);
    const problem = operation ? this.check(operation, answer.status, answer.body) : 'not in the document';
    if (problem) this.problems.push(`${method} ${path}: ${problem}`);
    else if (operation && answer.status < 300) this.answered.add(`${operation.method} ${operation.path}`);
    return answer;
  }
}
