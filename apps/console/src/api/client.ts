/** The personal API key lives in this tab's session only (SPEC §9): closing the browser forgets it. */
const KEY = 'strata.personalApiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

/** Signing out forgets everything the console kept for the session (it owns this origin's sessionStorage). */
export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.clear();
  else sessionStorage.setItem(KEY, key);
}

export interface Reference {
  kind: string;
  id: string | number;
}

/** SPEC §4's error body, with the extras some errors carry (`errors` of an import, `dependents` of a refusal). */
export interface ErrorBody {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
  errors?: { attr: string | null; detail: string }[];
  dependents?: Reference[];
  /** Whatever else the error carries (the 409 of a refused adoption is the whole report). */
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.detail);
  }

  get detail(): string {
    return this.body.detail;
  }

  get attr(): string | null {
    return this.body.attr;
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** The version the caller decided on: sent as `If-Match: W/"<version>"`. */
  version?: number;
  /** A key other than the session's (an SDK key for flag evaluation). */
  bearer?: string;
}

/** One call of the public HTTP API, same origin; any non-2xx answer becomes an ApiError with the API's body. */
export async function api<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = options.bearer ?? storedKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.version !== undefined) headers['if-match'] = `W/"${options.version}"`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { type: 'server_error', code: 'unreachable', detail: 'The server could not be reached.', attr: null });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parse(text);
  if (!response.ok) throw new ApiError(response.status, errorBodyOf(parsed, response));
  return parsed as T;
}

/** A file download through the API (the key goes in a header, so a plain link cannot carry it). */
export async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const key = storedKey();
  const response = await fetch(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (!response.ok) throw new ApiError(response.status, errorBodyOf(parse(await response.text()), response));
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'export.json';
  return { blob: await response.blob(), filename };
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Every element of a list route, following `next` (lists hold at most 1,000 per page). */
export async function all<T>(path: string): Promise<T[]> {
  const separator = path.includes('?') ? '&' : '?';
  const results: T[] = [];
  let offset = 0;
  for (;;) {
    const page = await api<Page<T>>('GET', `${path}${separator}limit=1000&offset=${offset}`);
    results.push(...page.results);
    offset += page.results.length;
    if (!page.next || page.results.length === 0) return results;
  }
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorBodyOf(parsed: unknown, response: Response): ErrorBody {
  if (typeof parsed === 'object' && parsed !== null && 'detail' in parsed) {
    const body = parsed as Partial<ErrorBody> & { errorDetails?: string };
    return { ...body, type: body.type ?? 'server_error', code: body.code ?? String(response.status), detail: String(body.detail), attr: body.attr ?? null, errors: body.errors, dependents: body.dependents };
  }
  return { type: 'server_error', code: String(response.status), detail: `The server answered ${response.status} ${response.statusText}.`, attr: null };
}
