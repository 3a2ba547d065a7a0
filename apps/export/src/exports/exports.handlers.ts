import { Controller, Inject } from '@nestjs/common';
import { NotFoundError, ValidationError } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { projectAdministeredBy } from '../access/project-access';
import { OtherServices } from '../access/services';
import type { ExportConfig } from '../config';
import { exportJobDecider } from '../jobs/job';
import { jobBody, type JobRow, jobsOfProject } from '../jobs/job-bodies';
import { exportJobStreamId } from '../jobs/job-status';
import { Handles, type Reply, type Req, S } from '../jobs/edge';
import { JobWorker } from '../worker/job-worker';

/** Once downloaded, a file is kept this much longer (a retried download), then removed. */
const KEPT_AFTER_DOWNLOAD_MS = 10 * 60 * 1000;

/** Export jobs (SPEC §6): requested here, written by the worker, downloaded in message-sized pieces. */
@Controller()
export class ExportsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
    private readonly services: OtherServices,
    private readonly worker: JobWorker,
    @Inject(SERVICE_CONFIG) private readonly config: ExportConfig,
  ) {}

  @Handles(S.createExport)
  async create({ principal, projectId, includeIdentityOverrides }: Req<'export.exports.create'>): Reply<'export.exports.create'> {
    await projectAdministeredBy(this.services, principal, projectId);
    const jobId = uuidv7();
    const requestedAt = new Date().toISOString();
    await handleCommand(this.store, exportJobDecider, exportJobStreamId(jobId), {
      type: 'request',
      event: { type: 'ExportRequested', data: { jobId, projectId, principal, includeIdentityOverrides, requestedAt } },
    });
    this.worker.wake();
    return { id: jobId, status: 'PROCESSING' };
  }

  @Handles(S.getExport)
  async get({ principal, projectId, jobId }: Req<'export.exports.get'>): Reply<'export.exports.get'> {
    await projectAdministeredBy(this.services, principal, projectId);
    return jobBody(await this.job(projectId, jobId));
  }

  @Handles(S.listExports)
  async list({ principal, projectId, page }: Req<'export.exports.list'>): Reply<'export.exports.list'> {
    await projectAdministeredBy(this.services, principal, projectId);
    return jobsOfProject(this.db, 'export_jobs', projectId, page, jobBody);
  }

  @Handles(S.downloadExport)
  async download({ principal, projectId, jobId, chunk }: Req<'export.exports.download'>): Reply<'export.exports.download'> {
    await projectAdministeredBy(this.services, principal, projectId);
    const job = await this.job(projectId, jobId);
    if (job.status !== 'SUCCESS') throw new ValidationError(`Only a finished export can be downloaded; this one is ${job.status}.`, null, 'export_not_finished');
    const [piece] = await this.db.query<{ text: string }>('SELECT text FROM export_files WHERE job_id = $1 AND chunk = $2 AND expires_at > now()', [jobId, chunk]);
    if (piece === undefined || job.chunks === null || chunk >= job.chunks) throw new NotFoundError('The export’s file has expired; export the project again.');
    if (chunk === job.chunks - 1) {
      const keptUntil = new Date(Date.now() + Math.min(KEPT_AFTER_DOWNLOAD_MS, this.config.EXPORT_FILE_TTL_MS));
      await this.db.query('UPDATE export_files SET expires_at = least(expires_at, $2) WHERE job_id = $1', [jobId, keptUntil]);
    }
    return { chunk, chunks: job.chunks, text: piece.text };
  }

  private async job(projectId: number, jobId: string): Promise<JobRow & { chunks: number | null }> {
    const [row] = await this.db.query<JobRow & { chunks: number | null }>('SELECT * FROM export_jobs WHERE id = $1 AND project_id = $2', [jobId, projectId]);
    if (row === undefined) throw new NotFoundError('Export not found.');
    return row;
  }
}
