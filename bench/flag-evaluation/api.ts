import { randomBytes } from 'node:crypto';

export const COHORTS = 5;

export interface Environment {
  id: number;
  api_token: string;
}

/** Set-up through Strata's own HTTP API: flags with values, cohorts with nested rules, segment overrides. */
export class Api {
  private key = '';

  constructor(readonly baseUrl: string) {}

  async json(method: string, url: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${this.key}` }): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = { status: response.status, body: (await response.json()) as unknown };
    if (answer.status >= 300) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  }

  /** A new organization whose environment holds `flags` flags (each with five segment overrides) and a server key. */
  async environmentWith(flags: number): Promise<{ environment: Environment; flagIds: string[]; serverKey: string }> {
    const unique = randomBytes(4).toString('hex');
    const account = (await this.json('POST', `${this.baseUrl}/api/signup`, { email: `bench-${unique}@example.com`, organization_name: `bench ${unique}` }, {})).body as {
      personal_api_key: string;
      environment: Environment;
    };
    this.key = account.personal_api_key;
    const at = (rest: string) => `${this.baseUrl}/api/v2/environments/${account.environment.id}/${rest}`;
    const serverKey = ((await this.json('POST', at('server_keys/'), { name: 'bench' })).body as { key: string }).key;
    const cohortIds: string[] = [];
    for (let c = 0; c < COHORTS; c++) {
      const rules = [
        {
          type: 'ALL',
          rules: [
            { type: 'ANY', conditions: [{ property_: 'plan', operator: 'EQUAL', value: c % 2 === 0 ? 'pro' : 'free' }, { property_: 'country', operator: 'IN', value: 'fr,it' }] },
            { type: 'ALL', conditions: [{ property_: 'age', operator: 'GREATER_THAN_INCLUSIVE', value: String(18 + c) }] },
          ],
        },
      ];
      cohortIds.push(((await this.json('POST', at('cohorts/'), { name: `cohort ${c}`, rules })).body as { id: string }).id);
    }
    const flagIds: string[] = [];
    for (let f = 0; f < flags; f++) {
      const multivariate = f % 5 === 4 ? { multivariate_options: [30, 30].map((weight, o) => ({ type: 'unicode', string_value: `option-${o}`, default_percentage_allocation: weight })) } : {};
      const id = ((await this.json('POST', at('feature_flags/'), { key: `bench-${f}`, ...multivariate })).body as { id: string }).id;
      flagIds.push(id);
      await this.json('PATCH', at(`feature_flags/${id}/state`), {
        enabled: true,
        feature_state_value: f % 2 === 0 ? { type: 'unicode', string_value: `value-${f}` } : { type: 'int', integer_value: f },
        segment_overrides: cohortIds.map((segment_id, priority) => ({ segment_id, priority, scope: 'environment', enabled: priority % 2 === 0 })),
      });
    }
    // Ready once the model answers all of them.
    for (;;) {
      const answer = await this.json('GET', `${this.baseUrl}/api/v1/flags/`, undefined, { 'x-environment-key': account.environment.api_token });
      if ((answer.body as unknown[]).length === flags) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { environment: account.environment, flagIds, serverKey };
  }
}
