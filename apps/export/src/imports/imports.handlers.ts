import { Controller, Inject } from '@nestjs/common';
import { exportFormat, NotFoundError, PayloadTooLargeError, ValidationError } from '@strata/contracts';
import { ExportFileReader, problemsOf } from '@strata/rules';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { projectAdministeredBy } from '../access/project-access';
import { OtherServices } from '../access/services';
import type { ExportConfig } from '../config';
import { importJobDecider } from '../jobs/job';
import { importJobBody, type ImportJobRow, importJobSummary, jobsOfProject } from '../jobs/job-bodies';
import { importJobStreamId } from '../jobs/job-status';
import { uniqueConflicts } from '../jobs/migrations';
import { Handles, type Reply, type Req, S } from '../jobs/edge';
import { JobWorker } from '../worker/job-worker';
import { storeUploadChunk, uploadedPieces } from './uploads';

/**
 * Import jobs (SPEC §6). The file is validated before any job exists — read back piece by piece and checked element
 * by element as it is read, a refusal listing every problem with its JSON path — and a project has at most one
 * running import (409; a partial unique index backs the check up).
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

  @Handles(S.uploadImport)
  async upload({ principal, offset, ...piece }: Req<'export.imports.upload'>): Reply<'export.imports.upload'> {
    if (offset + Buffer.byteLength(piece.text) > this.config.IMPORT_MAX_BYTES) throw tooLarge(this.config);
    return { received: await storeUploadChunk(this.db, piece, principal.userId) };
  }

  @Handles(S.createImport)
  async create({ principal, projectId, uploadId, strategy, dryRun, chunks, bytes }: Req<'export.imports.create'>): Reply<'export.imports.create'> {
    await projectAdministeredBy(this.services, principal, projectId);
    if (bytes > this.config.IMPORT_MAX_BYTES) throw tooLarge(this.config);
    const reader = new ExportFileReader({ maxBytes: this.config.IMPORT_MAX_BYTES, checkOnly: true });
    for await (const { text } of uploadedPieces(this.db, uploadId, chunks, principal.userId)) {
      if (!reader.write(text)) break;
    }
    if (reader.size > this.config.IMPORT_MAX_BYTES) throw tooLarge(this.config);
    const problems = problemsOf(reader.end());
    if (problems.length > 0) throw refusal(problems);
    await this.refuseWhileRunning(projectId);
    const jobId = uuidv7();
    await handleCommand(this.store, importJobDecider, importJobStreamId(jobId), {
      type: 'request',
      event: { type: 'ImportRequested', data: { jobId, projectId, principal, uploadId, strategy, dryRun, bytes, requestedAt: new Date().toISOString() } },
    });
    this.worker.wake();
    return { id: jobId, status: 'PROCESSING' };
  }

  @Handles(S.getImport)
  async get({ principal, projectId, jobId }: Req<'export.imports.get'>): Reply<'export.imports.get'> {
    await projectAdministeredBy(this.services, principal, projectId);
    const [row] = await this.db.query<ImportJobRow>('SELECT * FROM import_jobs WHERE id = $1 AND project_id = $2', [jobId, projectId]);
    if (row === undefined) throw new NotFoundError('Import not found.');
    return importJobBody(row);
  }

  @Handles(S.listImports)
  async list({ principal, projectId, page }: Req<'export.imports.list'>): Reply<'export.imports.list'> {
    await projectAdministeredBy(this.services, principal, projectId);
    return jobsOfProject(this.db, 'import_jobs', projectId, page, importJobSummary);
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

