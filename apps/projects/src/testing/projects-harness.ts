import { projects } from '@strata/contracts';
import type { Database } from '@strata/database';
import { RpcClient } from '@strata/messaging';
import { eventSourcedService, hashApiKey, type StartedService, startService } from '@strata/service-kit';
import { freePort, IntegrationKit, SpecFixture } from '@strata/testing';
import { projectsService } from '../service';

type Subject = projects.ProjectsSubject;

/** A page large enough for every row one spec file makes: lists read as wholes. */
export const page = { limit: 100, offset: 0 };

/** A signed-up account as the specs use it: the reply, and the principal its key authenticates as. */
export interface Account extends projects.SignupResponse {
  principal: projects.Principal;
}

interface Running {
  service: StartedService;
  rpc: RpcClient;
  db: Database;
}

/**
 * The projects service started in-process on this run's own schema and NATS prefix, called over NATS exactly as the
 * gateway calls it. `db` reads the service's read models directly, for assertions only.
 */
export class ProjectsHarness {
  readonly kit = IntegrationKit.create();
  private signups = 0;
  private readonly running = new SpecFixture(() => this.start(), (running) => this.stop(running));

  private constructor() {}

  /** The harness of the enclosing `describe`: started before its first spec and stopped after its last. */
  static forSpecs(): ProjectsHarness {
    return new ProjectsHarness();
  }

  get rpc(): RpcClient {
    return this.running.current.rpc;
  }

  get db(): Database {
    return this.running.current.db;
  }

  call<S extends Subject>(subject: S, request: projects.ProjectsRequest<S>): Promise<projects.ProjectsResponse<S>> {
    return this.rpc.request<projects.ProjectsResponse<S>>(subject, request);
  }

  /** For payloads the contract's types would not allow. */
  send(subject: Subject, payload: unknown): Promise<unknown> {
    return this.rpc.request(subject, payload);
  }

  async signup(overrides: Partial<projects.SignupRequest> = {}): Promise<Account> {
    const n = ++this.signups;
    const reply = await this.call(projects.ProjectsSubjects.signup, {
      email: `owner${n}-${this.kit.runId}@example.com`,
      organizationName: `Org ${n}`,
      ...overrides,
    });
    return { ...reply, principal: await this.principalOf(reply.personal_api_key.value) };
  }

  async principalOf(secret: string): Promise<projects.Principal> {
    const { principal } = await this.call(projects.ProjectsSubjects.authenticate, { secretHash: hashApiKey(secret) });
    return principal;
  }

  /** A new member of `account`'s organization at `level`, as the principal of the key they were given. */
  async member(account: Account, level: projects.OrganizationLevel = projects.Levels.member): Promise<projects.Principal> {
    const added = await this.call(projects.ProjectsSubjects.addMember, {
      principal: account.principal,
      organizationId: account.organization.id,
      email: `member${++this.signups}-${this.kit.runId}@example.com`,
      level,
    });
    if (added.personal_api_key === null) throw new Error('a new member gets a key');
    return this.principalOf(added.personal_api_key.value);
  }

  private async start(): Promise<Running> {
    const env = { ...this.kit.serviceEnv('projects'), SERVICE_NAME: 'projects', PORT: String(await freePort()), HOST: '127.0.0.1' };
    const service = await startService(eventSourcedService({ ...projectsService, env }));
    const rpc = new RpcClient({ nc: await this.kit.nats(), prefix: this.kit.natsPrefix, timeoutMs: 15_000 });
    return { service, rpc, db: await this.kit.database('projects', 2) };
  }

  private async stop({ rpc, service }: Running): Promise<void> {
    rpc.close();
    await service.shutdown.run('spec finished');
    await this.kit.cleanup();
  }
}

/** The error a call failed with, for assertions on its class, code and attr. */
export async function failureOf(call: Promise<unknown>): Promise<Error & { status?: number; code?: string; attr?: string | null }> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
