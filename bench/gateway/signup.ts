import { randomBytes } from 'node:crypto';

/** The one set-up call the benchmark makes: a fresh organization, its key and its first environment. */
export class ApiClientForBench {
  constructor(private readonly baseUrl: string) {}

  async signup(): Promise<{ key: string; environmentId: number }> {
    const unique = randomBytes(4).toString('hex');
    const response = await fetch(`${this.baseUrl}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${unique}@example.com`, organization_name: `bench ${unique}` }),
    });
    const body = (await response.json()) as { personal_api_key: string; environment: { id: number } };
    if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${JSON.stringify(body)}`);
    return { key: body.personal_api_key, environmentId: body.environment.id };
  }
}
