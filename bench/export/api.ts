import { randomBytes } from 'node:crypto';

type Status = 'PROCESSING' | 'SUCCESS' | 'FAILED';
interface Job {
  id: string;
  status: Status;
  error: string | null;
  result_summary?: Record<string, { created: number; updated: number; deleted: number; skipped: number }> | null;
}

/** What the benchmark does through the gateway, as a client would: sign up, make a project, run the jobs. */
export class TransferApi {
  private key = '';
  private organizationId = 0;

  constructor(private readonly baseUrl: string) {}

  async signup(): Promise<void> {
    const unique = randomBytes(4).toString('hex');
    const body = await this.send<{ personal_api_key: string; organization: { id: number } }>('POST', '/api/signup', 201, {
      email: `bench-export-${unique}@example.com`,
      organization_name: `bench export ${unique}`,
    });
    this.key = body.personal_api_key;
    this.organizationId = body.organization.id;
  }

  async newProject(name: string): Promise<number> {
    return (await this.send<{ id: number }>('POST', '/api/v2/projects/', 201, { name, organization_id: this.organizationId })).id;
  }

  /** POST of the file, then polls until the job ends; `accepted` is when the 202 came back. */
  async importFile(projectId: number, text: string): Promise<{ job: Job; acceptedMs: number }> {
    const started = performance.now();
    // The file is spliced in as text: the benchmark does not pay for a second stringify of 50 MB.
    const body = `{"strategy":"OVERWRITE_DESTRUCTIVE","data":${text}}`;
    const { id } = await this.send<{ id: string }>('POST', `/api/v2/projects/${projectId}/imports/`, 202, body);
    const acceptedMs = performance.now() - started;
    return { job: await this.finished(`/api/v2/projects/${projectId}/imports/${id}`), acceptedMs };
  }

  /** Create → SUCCESS → download; the times of the job and of the download apart. */
  async exportFile(projectId: number): Promise<{ text: string; jobMs: number; downloadMs: number }> {
    const started = performance.now();
    const { id } = await this.send<{ id: string }>('POST', `/api/v2/projects/${projectId}/exports/`, 202, {});
    const job = await this.finished(`/api/v2/projects/${projectId}/exports/${id}`);
    if (job.status !== 'SUCCESS') throw new Error(`export ended ${job.status}: ${job.error}`);
    const jobMs = performance.now() - started;
    const response = await fetch(`${this.baseUrl}/api/v2/projects/${projectId}/exports/${id}/download`, { headers: this.headers() });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`download answered ${response.status}: ${text.slice(0, 500)}`);
    return { text, jobMs, downloadMs: performance.now() - started - jobMs };
  }

  private async finished(path: string): Promise<Job> {
    for (;;) {
      const job = await this.send<Job>('GET', path, 200);
      if (job.status !== 'PROCESSING') return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.key ? { authorization: `Bearer ${this.key}` } : {}) };
  }

  private async send<T>(method: string, path: string, expected: number, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(),
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 1000)}`);
    return JSON.parse(text) as T;
  }
}
