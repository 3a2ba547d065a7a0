import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { exportFormat, exportJobs, NotFoundError, PayloadTooLargeError, ValidationError } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { projectAdministeredBy } from '../access/project-access';
import { OtherServices } from '../access/services';
import type { ExportConfig } from '../config';
import { importJobDecider } from '../jobs/import-job';
import { importJobBody, type ImportJobRow } from '../jobs/job-bodies';
import { importJobStreamId } from '../jobs/job-status';
import { uniqueConflicts } from '../jobs/migrations';
import { parseRequest } from '../jobs/parse';
import { JobWorker } from '../worker/job-worker';
import { incompleteUpload, storeUploadChunk, uploadedText } from './uploads';

const S = exportJobs.ExportJobsSubjects;

/**
 * Import jobs (SPEC §6). The file is validated whole before any job exists — a refusal lists every problem with its
 * JSON path — and a project has at most one running import (409; a partial unique index backs the check up).
 */
@Controller()
export class ImportsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
    private readonly services: OtherServices,
    private readonly worker: JobWorker,
    @Inject(SERVICE_CONFIG) private readonly config: ExportConfig,
  ) {}

  @MessagePattern(S.uploadImport)
  async upload(@Payload() payload: unknown): Promise<exportJobs.UploadImportResponse> {
    const { principal, ...piece } = parseRequest(S.uploadImport, payload);
    if (piece.chunks * exportJobs.TRANSFER_CHUNK_CHARS > 4 * this.config.IMPORT_MAX_BYTES + exportJobs.TRANSFER_CHUNK_CHARS) throw tooLarge(this.config);
    return { received: await storeUploadChunk(this.db, piece, principal.userId) };
  }

  @MessagePattern(S.createImport)
  async create(@Payload() payload: unknown): Promise<exportJobs.JobCreated> {
    const { principal, projectId, uploadId, strategy, dryRun } = parseRequest(S.createImport, payload);
    await projectAdministeredBy(this.services, principal, projectId);
    const text = await uploadedText(this.db, uploadId, principal.userId);
    if (text === undefined) throw incompleteUpload();
    const bytes = Buffer.byteLength(text);
    if (bytes > this.config.IMPORT_MAX_BYTES) throw tooLarge(this.config);
    const validation = exportFormat.validateExportFile(text, { maxBytes: this.config.IMPORT_MAX_BYTES });
    if (!validation.ok) throw refusal(validation.problems);
    await this.refuseWhileRunning(projectId);
    const jobId = uuidv7();
    await handleCommand(this.store, importJobDecider, importJobStreamId(jobId), {
      type: 'RequestImport',
      data: { jobId, projectId, principal, uploadId, strategy, dryRun, bytes, requestedAt: new Date().toISOString() },
    });
    this.worker.wake();
    return { id: jobId, status: 'PROCESSING' };
  }

  @MessagePattern(S.getImport)
  async get(@Payload() payload: unknown): Promise<exportJobs.ImportJob> {
    const { principal, projectId, jobId } = parseRequest(S.getImport, payload);
    await projectAdministeredBy(this.services, principal, projectId);
    const [row] = await this.db.query<ImportJobRow>('SELECT * FROM import_jobs WHERE id = $1 AND project_id = $2', [jobId, projectId]);
    if (row === undefined) throw new NotFoundError('Import not found.');
    return importJobBody(row);
  }

  private async refuseWhileRunning(projectId: number): Promise<void> {
    const running = await this.db.query('SELECT 1 FROM import_jobs WHERE project_id = $1 AND status = $2', [projectId, 'PROCESSING']);
    if (running.length > 0) throw Object.values(uniqueConflicts)[0]();
  }
}

function tooLarge(config: ExportConfig): PayloadTooLargeError {
  return new PayloadTooLargeError(`The file is larger than the ${config.IMPORT_MAX_BYTES} bytes accepted.`);
}

/** 400 with every problem: `errors[].attr` is the problem's JSON path in the file (null: the file as a whole). */
function refusal(problems: exportFormat.ExportProblem[]): ValidationError {
  const errors = problems.map((problem) => ({ attr: problem.path === '' ? null : problem.path, detail: problem.detail }));
  const [first] = problems;
  const detail = problems.length === 1 ? first.detail : `The file has ${problems.length} problems; each is listed in errors with its JSON path.`;
  return new ValidationError(detail, 'data', 'invalid_file', { errors });
}

