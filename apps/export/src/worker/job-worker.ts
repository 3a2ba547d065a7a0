import { Inject, Injectable } from '@nestjs/common';
import { projects } from '@strata/contracts';
import { Database, whileHolding } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { newContext, runInContext } from '@strata/messaging';
import { LOGGER, type Logger, SERVICE_CONFIG } from '@strata/service-kit';
import type { PoolClient } from 'pg';
import type { ExportConfig } from '../config';
import { ExportWriter, type ExportJobRow } from '../exports/export-writer';
import { ImportRunner, type ImportJobRow, type ImportOutcome } from '../imports/import-runner';
import { discardUpload } from '../imports/uploads';
import { exportJobDecider, importJobDecider } from '../jobs/job';
import { exportJobStreamId, importJobStreamId } from '../jobs/job-status';

type Kind = 'import' | 'export';
const TABLES: Record<Kind, string> = { import: 'import_jobs', export: 'export_jobs' };
const SWEEP_EVERY_MS = 60_000;

/**
 * Works on PROCESSING jobs, one at a time per instance. A job is held by a session advisory lock on a dedicated
 * connection: a worker that dies (even by SIGKILL) drops its connection and with it the lock, so the job is taken up
 * again at once by any instance — this one after its restart. A job whose workers died `JOB_MAX_ATTEMPTS` times ends
 * FAILED, so none stays PROCESSING.
 */
@Injectable()
export class JobWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly store: PostgresEventStore,
    private readonly exports: ExportWriter,
    private readonly imports: ImportRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ExportConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.work();
  }

  /** Stops taking jobs; the job in hand is left to the next worker (its lock goes with the connection). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  /** A job was requested: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  private async work(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        await this.sweep();
        worked = (await this.takeOne('import')) || (await this.takeOne('export'));
      } catch (error) {
        this.logger.error({ err: error }, 'job worker failed to take a job');
      }
      if (!worked && this.running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.JOB_POLL_MS);
        this.wakeUp = () => (clearTimeout(timer), resolve());
      });
    }
  }

  private async takeOne(kind: Kind): Promise<boolean> {
    const candidates = await this.db.query<{ id: string }>(`SELECT id FROM ${TABLES[kind]} WHERE status = 'PROCESSING' ORDER BY created_at LIMIT 20`);
    if (candidates.length === 0) return false;
    const client = await this.db.connect();
    try {
      for (const { id } of candidates) {
        if (await this.runLocked(client, kind, id)) return true;
      }
      return false;
    } finally {
      client.release();
    }
  }

  private async runLocked(client: PoolClient, kind: Kind, id: string): Promise<boolean> {
    const outcome = await whileHolding(client, `${kind}-job:${id}`, async () => {
      // Read again under the lock: another worker may have finished it since the list was read.
      const result = await client.query(
        `UPDATE ${TABLES[kind]} SET attempts = attempts + 1 WHERE id = $1 AND status = 'PROCESSING' RETURNING *`,
        [id],
      );
      const job = result.rows[0] as (ExportJobRow & ImportJobRow & { attempts: number }) | undefined;
      if (job === undefined) return false;
      await runInContext(newContext(projects.actorOf(job.principal)), () => this.run(kind, job));
      return true;
    });
    return outcome.held && outcome.value;
  }

  private async run(kind: Kind, job: ExportJobRow & ImportJobRow & { attempts: number }): Promise<void> {
    const finishedAt = () => new Date().toISOString();
    const projectId = Number(job.project_id);
    const gaveUp = job.attempts > this.config.JOB_MAX_ATTEMPTS ? `Its worker stopped ${job.attempts - 1} times; the job was given up.` : undefined;
    this.logger.info({ job: job.id, kind, attempt: job.attempts }, gaveUp ?? 'job started');
    try {
      if (gaveUp) throw new Error(gaveUp);
      if (kind === 'export') {
        const { bytes, chunks } = await this.exports.write(job);
        await handleCommand(this.store, exportJobDecider, exportJobStreamId(job.id), {
          type: 'complete',
          event: { type: 'ExportCompleted', data: { jobId: job.id, projectId, bytes, chunks, finishedAt: finishedAt() } },
        });
      } else {
        await this.completeImport(job, await this.imports.run(job));
      }
      this.logger.info({ job: job.id, kind }, 'job succeeded');
    } catch (failure) {
      let error = failure instanceof Error ? failure.message : String(failure);
      if (kind === 'import') {
        // The status must match the data: an apply that committed after all makes the job a success.
        const settled = await this.imports.settleFailure(job).catch((cleanup: unknown) => ({
          note: ` Removing the environments it created failed too (${cleanup instanceof Error ? cleanup.message : String(cleanup)}); they were kept.`,
        }));
        if ('applied' in settled) {
          this.logger.info({ job: job.id, kind, error }, 'job failed after its import was applied: succeeded');
          return this.completeImport(job, settled.applied);
        }
        error += settled.note;
      }
      this.logger.warn({ job: job.id, kind, error }, 'job failed');
      if (kind === 'export') {
        await this.db.query('DELETE FROM export_files WHERE job_id = $1', [job.id]);
        await handleCommand(this.store, exportJobDecider, exportJobStreamId(job.id), {
          type: 'fail',
          event: { type: 'ExportFailed', data: { jobId: job.id, projectId, error, finishedAt: finishedAt() } },
        });
      } else {
        await handleCommand(this.store, importJobDecider, importJobStreamId(job.id), {
          type: 'fail',
          event: { type: 'ImportFailed', data: { jobId: job.id, projectId, error, finishedAt: finishedAt() } },
        });
        await discardUpload(this.db, job.upload_id);
      }
    }
  }

  private async completeImport(job: ImportJobRow, { resultSummary, plan }: ImportOutcome): Promise<void> {
    await handleCommand(this.store, importJobDecider, importJobStreamId(job.id), {
      type: 'complete',
      event: { type: 'ImportCompleted', data: { jobId: job.id, projectId: Number(job.project_id), resultSummary, plan, finishedAt: new Date().toISOString() } },
    });
    await discardUpload(this.db, job.upload_id);
  }

  /**
   * Expired export files, uploads idle for their TTL that no running import names (within two TTLs), and finished
   * imports' records of what they created go now and then.
   */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < Math.min(SWEEP_EVERY_MS, this.config.UPLOAD_TTL_MS)) return;
    this.lastSweep = Date.now();
    await this.db.query('DELETE FROM export_files WHERE expires_at < now()');
    await this.db.query(
      // Idle, not old: a large upload still arriving has early pieces older than the TTL.
      `DELETE FROM import_uploads u WHERE u.upload_id IN (
         SELECT upload_id FROM import_uploads GROUP BY upload_id HAVING max(created_at) < now() - make_interval(secs => $1 / 1000.0))
         AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.upload_id = u.upload_id AND j.status = 'PROCESSING')`,
      [this.config.UPLOAD_TTL_MS],
    );
    // What a finished job created is no longer its to remove (a failure that could not remove it says so).
    await this.db.query(`DELETE FROM import_environments e WHERE NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.id = e.job_id AND j.status = 'PROCESSING')`);
  }
}
