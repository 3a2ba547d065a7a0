import type { projects } from '@strata/contracts';
import { migrate } from '@strata/database';
import { eventStoreMigrations, OutboxRelay, PostgresEventStore } from '@strata/eventstore';
import { ensureEventStream } from '@strata/messaging';
import type { IntegrationKit } from '@strata/testing';
import { environmentCreated, environmentDeleted, movedIn, movedOut, projectDeleted, tokenReset } from '../domain/tables.fixtures';

/**
 * The projects service's side of the bus for specs and the benchmark: projects events appended to a projects event
 * store in the run's schema and published by a real outbox relay to `events.projects.<Type>` under the run's prefix
 * — what the projects service emits, without depending on its handlers.
 */
export class ProjectsLog {
  private readonly tokens = new Map<number, { projectId: number; token: string }>();

  private constructor(
    private readonly store: PostgresEventStore,
    private readonly relay: OutboxRelay,
  ) {}

  static async open(kit: IntegrationKit): Promise<ProjectsLog> {
    await migrate({ url: kit.databaseUrl, schema: kit.schema('projects'), migrations: eventStoreMigrations });
    const db = await kit.database('projects');
    const nats = await kit.nats();
    await ensureEventStream(await nats.jetstreamManager(), 'projects', kit.natsPrefix);
    const relay = new OutboxRelay({ db, nats, service: 'projects', prefix: kit.natsPrefix, pollIntervalMs: 100 });
    await relay.start();
    return new ProjectsLog(new PostgresEventStore(db), relay);
  }

  /** A project whose id is its first environment's (SPEC §1), with these environments. */
  async createProject(projectId: number, environments: [environmentId: number, token: string][]): Promise<void> {
    const events: projects.ProjectEvent[] = [
      { type: 'ProjectCreated', data: { projectId, organizationId: 'org-1', name: `p${projectId}`, defaultEnvironmentId: projectId, createdAt: new Date().toISOString() } },
      ...environments.map(([environmentId, token]) => environmentCreated(environmentId, projectId, token)),
    ];
    for (const [environmentId, token] of environments) this.tokens.set(environmentId, { projectId, token });
    await this.append(projectId, events);
  }

  async resetToken(environmentId: number, newToken: string): Promise<void> {
    const { projectId, token } = this.environment(environmentId);
    this.tokens.set(environmentId, { projectId, token: newToken });
    await this.append(projectId, [tokenReset(environmentId, projectId, token, newToken)]);
  }

  /** SPEC §7's move as the projects service records it: out of its project's stream, then into the target's. */
  async moveEnvironment(environmentId: number, toProjectId: number): Promise<void> {
    const { projectId, token } = this.environment(environmentId);
    this.tokens.set(environmentId, { projectId: toProjectId, token });
    await this.append(projectId, [movedOut(environmentId, projectId, toProjectId, token)]);
    await this.append(toProjectId, [movedIn(environmentId, toProjectId, projectId, token)]);
  }

  async deleteEnvironment(environmentId: number): Promise<void> {
    const { projectId, token } = this.environment(environmentId);
    this.tokens.delete(environmentId);
    await this.append(projectId, [environmentDeleted(environmentId, projectId, token)]);
  }

  async deleteProject(projectId: number): Promise<void> {
    const environments = [...this.tokens].filter(([, e]) => e.projectId === projectId).map(([id, e]): [number, string] => [id, e.token]);
    for (const [environmentId] of environments) this.tokens.delete(environmentId);
    await this.append(projectId, [projectDeleted(projectId, environments)]);
  }

  async close(): Promise<void> {
    await this.relay.stop();
  }

  private async append(projectId: number, events: projects.ProjectEvent[]): Promise<void> {
    await this.store.appendToStream(`project-${projectId}`, events, { expectedVersion: 'any' });
  }

  private environment(environmentId: number): { projectId: number; token: string } {
    const environment = this.tokens.get(environmentId);
    if (environment === undefined) throw new Error(`environment ${environmentId} is not in the log`);
    return environment;
  }
}
