import { randomUUID } from 'node:crypto';
import { RunningSystem, type SystemOptions } from '@strata/testing';

export interface ApiAnswer<Body = Record<string, unknown>> {
  status: number;
  body: Body;
  headers: Headers;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** Sent as is, with `content-type: application/json`: for malformed or oversized bodies. */
  raw?: string;
  headers?: Record<string, string>;
}

/** End-to-end specs speak HTTP only: this is all they know of the system. */
export class ApiClient {
  /** The gateway is read at each call, so a client can be made before its system has started. */
  constructor(private readonly gateway: { readonly baseUrl: string }) {}

  async call<Body = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer<Body>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.gateway.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Body, headers: response.headers };
  }

  get = <Body = Record<string, unknown>>(path: string, key?: string) => this.call<Body>('GET', path, { key });
  post = <Body = Record<string, unknown>>(path: string, key: string | undefined, body?: unknown) => this.call<Body>('POST', path, { key, body });
  patch = <Body = Record<string, unknown>>(path: string, key: string, body: unknown, ifMatch?: string) =>
    this.call<Body>('PATCH', path, { key, body, headers: ifMatch ? { 'if-match': ifMatch } : {} });
  delete = (path: string, key: string, options: Omit<CallOptions, 'key'> = {}) => this.call('DELETE', path, { ...options, key });
}

/** The system of the enclosing `describe` (see `RunningSystem.forSpecs`) and a client of its gateway. */
export function gatewayForSpecs(options: SystemOptions = {}): { system: RunningSystem; api: ApiClient } {
  const system = RunningSystem.forSpecs(options);
  return { system, api: new ApiClient(system) };
}

export interface Account {
  key: string;
  keyId: string;
  user: { id: string; email: string };
  organization: { id: string; name: string };
  project: { id: number; name: string; environments: Array<{ id: number; name: string }> };
  environment: { id: number; name: string; api_token: string };
}

/** A new organization with its owner, first project and `Production` environment. */
export async function signup(api: ApiClient, tag = 'acme'): Promise<Account> {
  const unique = randomUUID().slice(0, 8);
  const answer = await api.post<Record<string, never>>('/api/signup', undefined, {
    email: `${tag}-${unique}@example.com`,
    first_name: tag,
    organization_name: `${tag} ${unique}`,
  });
  if (answer.status !== 201) throw new Error(`signup answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const body = answer.body as Record<string, unknown>;
  return {
    key: body.personal_api_key as string,
    keyId: body.personal_api_key_id as string,
    user: body.user as Account['user'],
    organization: body.organization as Account['organization'],
    project: body.project as Account['project'],
    environment: body.environment as Account['environment'],
  };
}

/** A user added to `owner`'s organization at `level`, with their first key. */
export async function addMember(api: ApiClient, owner: Account, level: 1 | 8 | 15, tag = 'member'): Promise<{ key: string; userId: string }> {
  const email = `${tag}-${randomUUID().slice(0, 8)}@example.com`;
  const answer = await api.post(`/api/organizations/${owner.organization.id}/members/`, owner.key, { email, level });
  if (answer.status !== 201) throw new Error(`add member answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { key: answer.body.personal_api_key as string, userId: (answer.body.user as { id: string }).id };
}

export interface ListBody<Item = Record<string, unknown>> {
  count: number;
  next: string | null;
  previous: string | null;
  results: Item[];
}
