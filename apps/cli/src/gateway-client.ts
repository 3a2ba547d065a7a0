/** The CLI's one way to the API: the gateway's HTTP routes with a personal API key, as any other client. */

export interface Answer {
  status: number;
  body: unknown;
  text: string;
}

export class UsageError extends Error {}

/** Where the gateway is when `STRATA_URL` is not set (`npm start`'s). */
export const DEFAULT_STRATA_URL = 'http://localhost:8000';

export class GatewayClient {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv): GatewayClient {
    const key = env.STRATA_API_KEY;
    if (!key) throw new UsageError('STRATA_API_KEY is not set: create a personal API key and export it.');
    return new GatewayClient((env.STRATA_URL ?? DEFAULT_STRATA_URL).replace(/\/+$/, ''), key);
  }

  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: parseJson(text), text };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** SPEC §4's error body, as the CLI shows it: the detail, then each listed problem with its path. */
export function describeRefusal(answer: Answer): string[] {
  const body = (answer.body ?? {}) as { detail?: string; code?: string; attr?: string | null; errors?: { attr: string | null; detail: string }[] };
  const lines = [`refused (${answer.status}${body.code ? ` ${body.code}` : ''}): ${body.detail ?? answer.text}`];
  for (const problem of body.errors ?? []) lines.push(`  ${problem.attr ?? '(file)'}: ${problem.detail}`);
  return lines;
}
