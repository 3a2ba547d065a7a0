import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, StrataError, projects } from '@strata/contracts';
import { whileHolding, type Held } from '@strata/database';
import { handleCommand, handleCommands, onStream, PostgresEventStore } from '@strata/eventstore';
import { LOGGER, type Logger } from '@strata/service-kit';
import { now } from '../common/clock';
import { snapshotOf } from '../projects/environment';
import { environmentOf, existingProject, projectDecider } from '../projects/project';
import { projectStreamId } from '../projects/project-stream';
import { adoptionDecider, adoptionStream, type AdoptionCommand, type AdoptionState } from './adoption-process';
import { nameInTarget, withEntities, withTaxonomy } from './adoption-report';
import { AdoptionServices, type AdoptionCalls } from './adoption-services';

type Running = Extract<AdoptionState, { status: 'running' }>;

/**
 * Drives an environment's adoption (SPEC §7) from its last recorded step to its end: taxonomy merges the source's
 * definitions into the target's, entities move (one atomic append there, once per adoption id), then the environment
 * itself moves with the process's end in one append here — it is never in two projects or in none. Each step is
 * idempotent, so a step done but not recorded (the driver died in between) is done again harmlessly. A step refused
 * ends the process failed; any other failure leaves it running for the next driver. One driver at a time, held by a
 * session lock that dies with its process.
 */
@Injectable()
export class AdoptionRunner {
  constructor(
    private readonly store: PostgresEventStore,
    @Inject(AdoptionServices) private readonly services: AdoptionCalls,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Starts an adoption (409 while another of the environment runs) and drives it to its end, holding it from the
   * start, so no sweep takes it up meanwhile. A failure other than a refusal leaves it running: the sweep goes on.
   */
  async start(started: projects.AdoptionStarted): Promise<projects.AdoptionReport> {
    const outcome = await this.holding(started.environmentId, async () => {
      await this.record(started.environmentId, { type: 'StartAdoption', data: started });
      return this.driveHeld(started.environmentId);
    });
    if (!outcome.held) throw new ConflictError('An adoption of this environment is already running.', 'adoption_in_progress', 'environment_id');
    return outcome.value!;
  }

  /** The adoption's report once ended by this call; `undefined` when it is not running or another driver holds it. */
  async drive(environmentId: number): Promise<projects.AdoptionReport | undefined> {
    const outcome = await this.holding(environmentId, () => this.driveHeld(environmentId));
    return outcome.held ? outcome.value : undefined;
  }

  private async holding<T>(environmentId: number, work: () => Promise<T>): Promise<Held<T>> {
    const client = await this.store.db.connect();
    try {
      return await whileHolding(client, `environment-adoption:${environmentId}`, work);
    } finally {
      client.release();
    }
  }

  /** Takes up every adoption nobody drives; answers how many it ended. */
  async resumeAll(): Promise<number> {
    const running = await this.store.db.query<{ environment_id: string }>(`SELECT environment_id FROM environment_adoptions WHERE status = 'running' ORDER BY started_at`);
    let ended = 0;
    for (const { environment_id: environmentId } of running) {
      try {
        if ((await this.drive(Number(environmentId))) !== undefined) ended++;
      } catch (error) {
        this.logger.warn({ err: error, environmentId }, 'an adoption could not be taken up yet');
      }
    }
    return ended;
  }

  private async driveHeld(environmentId: number): Promise<projects.AdoptionReport | undefined> {
    // Read under the lock: the driver before may have ended it since it was listed.
    const state = await loadAdoption(this.store, environmentId);
    if (state.status !== 'running') return undefined;
    let report = state.report;
    for (const step of projects.ADOPTION_STEPS) {
      if (state.done.includes(step)) continue;
      report = await this.refusalEnds(state, step, () => this.runStep(step, state.started, report));
      await this.record(environmentId, { type: 'RecordStep', data: { adoptionId: state.started.adoptionId, step, report, at: now() } });
    }
    return this.refusalEnds(state, 'projects', () => moveEnvironment(this.store, state.started, report));
  }

  private async runStep(step: projects.AdoptionStep, started: projects.AdoptionStarted, report: projects.AdoptionReport): Promise<projects.AdoptionReport> {
    const { adoptionId, environmentId, sourceProjectId, targetProjectId, acceptGroupTypeDisruption } = started;
    switch (step) {
      case 'taxonomy':
        return withTaxonomy(report, await this.services.call('taxonomy.adoption.merge', { sourceProjectId, targetProjectId, acceptGroupTypeDisruption }));
      case 'entities':
        return withEntities(report, await this.services.call('entities.adoption.move', { adoptionId, environmentId, sourceProjectId, targetProjectId }));
      default: {
        const _exhaustive: never = step;
        return _exhaustive;
      }
    }
  }

  /** A refusal (4xx) ends the adoption failed, and reaches the caller; anything else leaves it for the next driver. */
  private async refusalEnds<T>(state: Running, step: projects.AdoptionStep | 'projects', work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StrataError && error.status < 500) {
        const { adoptionId, environmentId } = state.started;
        await this.record(environmentId, { type: 'FailAdoption', data: { adoptionId, step, code: error.code, detail: error.message, failedAt: now() } });
        this.logger.warn({ adoptionId, step, code: error.code }, 'an adoption step was refused: the adoption ended failed');
      }
      throw error;
    }
  }

  private async record(environmentId: number, command: AdoptionCommand): Promise<void> {
    await handleCommand(this.store, adoptionDecider, adoptionStream(environmentId), command);
  }
}

async function loadAdoption(store: PostgresEventStore, environmentId: number): Promise<AdoptionState> {
  return (await store.aggregateStream(adoptionStream(environmentId), adoptionDecider)).state;
}

/**
 * The environment leaves the source (deleted with it when it was the last) and joins the target under the name the
 * target leaves free, in the append that ends the process: decided on both projects as they are now.
 */
async function moveEnvironment(store: PostgresEventStore, started: projects.AdoptionStarted, report: projects.AdoptionReport): Promise<projects.AdoptionReport> {
  const { adoptionId, environmentId, sourceProjectId, targetProjectId } = started;
  let completed = report;
  await handleCommands(store, async () => {
    const [source, target] = await Promise.all([sourceProjectId, targetProjectId].map((projectId) => store.aggregateStream(projectStreamId(projectId), projectDecider)));
    const from = existingProject(source.state);
    const into = existingProject(target.state);
    const environment = environmentOf(from, environmentId);
    const name = nameInTarget(environment.name, from.name, into.environments.map((other) => other.name));
    const movedAt = now();
    completed = {
      ...report,
      status: 'completed',
      adoption_id: adoptionId,
      environment: { ...report.environment, name_in_target: name },
      source_project: { ...report.source_project, deleted: from.environments.length === 1 },
    };
    return [
      onStream(projectDecider, projectStreamId(sourceProjectId), { type: 'MoveEnvironmentOut', data: { environmentId, toProjectId: targetProjectId, movedAt } }, { from: source }),
      onStream(projectDecider, projectStreamId(targetProjectId), { type: 'AdoptEnvironment', data: { environment: snapshotOf(environment), name, movedAt } }, { from: target }),
      onStream(adoptionDecider, adoptionStream(environmentId), { type: 'CompleteAdoption', data: { adoptionId, report: completed, completedAt: movedAt } }),
    ];
  });
  return completed;
}
