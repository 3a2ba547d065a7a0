import { Inject, Injectable } from '@nestjs/common';
import { entities, exportFormat, exportJobs, type projects } from '@strata/contracts';
import { ExportFileReader, validated } from '@strata/rules';
import { Database } from '@strata/database';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { projectAdministeredBy } from '../access/project-access';
import { OtherServices, retryingForJobs, type Services } from '../access/services';
import type { ExportConfig } from '../config';
import { CreatedEnvironments } from './created-environments';
import { overwriteSettings, targetEnvironments } from './environments';
import { uploadedChunks, uploadedPieces } from './uploads';
import { watchedApply } from './watched-apply';

const T = entities.EntitiesTransferSubjects;
const STAGING_IN_FLIGHT = 4;

export interface ImportJobRow {
  id: string;
  project_id: string;
  strategy: exportFormat.ImportStrategy;
  dry_run: boolean;
  upload_id: string;
  principal: projects.Principal;
}

export interface ImportOutcome {
  resultSummary: exportJobs.ResultSummary;
  plan: exportFormat.ImportPlan | null;
}

/**
 * Runs an import job: the environments the file names are made to exist (never twice), the file's pieces are staged
 * with the entities service as they were uploaded (read back a few at a time, never joined), and the entities service plans and applies it in one atomic
 * append. Every step can run again: staging is keyed by the job, environments are found by name before any is made,
 * the apply is keyed by the import id (and watched: `watched-apply.ts`) — so a call nobody answered is sent again
 * rather than failing the job.
 */
@Injectable()
export class ImportRunner {
  /** Calls nobody answered are sent again (`retryingForJobs`); the apply is watched instead. */
  private readonly jobs: Services;

  constructor(
    private readonly services: OtherServices,
    private readonly db: Database,
    @Inject(SERVICE_CONFIG) private readonly config: ExportConfig,
  ) {
    this.jobs = retryingForJobs(services, config.JOB_RETRY_MS);
  }

  async run(job: ImportJobRow): Promise<ImportOutcome> {
    const projectId = Number(job.project_id);
    const { principal } = job;
    const services = this.jobs;
    await projectAdministeredBy(services, principal, projectId);
    const chunks = await uploadedChunks(this.db, job.upload_id);
    if (chunks === 0) throw new Error('The uploaded file is no longer stored.');
    const file = await this.environmentsOf(job.upload_id, chunks);
    const created = job.dry_run ? undefined : new CreatedEnvironments(this.db, job.id);
    const environments = await targetEnvironments(services, principal, projectId, file, created);
    try {
      const request = {
        importId: job.id,
        projectId,
        strategy: job.strategy,
        includeIdentityOverrides: this.config.PROJECT_IMPORT_EXPORT_IDENTITY_OVERRIDES,
        dryRun: job.dry_run,
        environmentIds: environments.ids,
        createdEnvironments: created === undefined ? [] : await created.names(environments.ids),
      };
      // A resumed attempt whose predecessor's apply committed learns its outcome instead of staging the file again.
      let applied = job.dry_run ? null : (await services.call(T.importProgress, { importId: job.id, projectId })).applied;
      if (applied === null) {
        await this.stage(job.id, projectId, job.upload_id, chunks);
        applied = await watchedApply(this.services, request, { progressMs: this.config.JOB_PROGRESS_MS, retryForMs: this.config.JOB_RETRY_MS, callTimeoutMs: this.config.JOB_RPC_TIMEOUT_MS });
      }
      if (!job.dry_run && job.strategy === 'OVERWRITE_DESTRUCTIVE') await overwriteSettings(services, principal, file, environments.ids, environments.existing);
      await created?.forget();
      return { resultSummary: applied.result_summary, plan: job.dry_run ? applied.plan : null };
    } catch (error) {
      await services.call(T.discardImport, { importId: job.id, projectId }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Before an import is reported FAILED: whether the entities service applied it after all (an attempt's apply that
   * committed while its worker died); if not, the environments it created are removed. Answers the applied import's
   * outcome, or the words to add to the failure.
   */
  async settleFailure(job: ImportJobRow): Promise<{ applied: ImportOutcome } | { note: string }> {
    const created = new CreatedEnvironments(this.db, job.id);
    const progress = await this.jobs.call(T.importProgress, { importId: job.id, projectId: Number(job.project_id) }).catch(() => undefined);
    if (progress?.applied) {
      await created.forget();
      return { applied: { resultSummary: progress.applied.result_summary, plan: job.dry_run ? progress.applied.plan : null } };
    }
    if (progress === undefined || progress.applying) {
      return { note: ' Whether the entities service applied it could not be learned: the environments it created were kept (a retry of the file reuses them).' };
    }
    const removed = job.dry_run ? [] : await created.remove(this.jobs, job.principal);
    return { note: removed.length === 0 ? '' : ` The environments it created were removed: ${removed.join(', ')}.` };
  }

  /** Validated whole when the job was asked for, and again where it is applied: here only its environments are read. */
  private async environmentsOf(uploadId: string, chunks: number): Promise<exportFormat.ExportFile> {
    const reader = new ExportFileReader({ maxBytes: Number.MAX_SAFE_INTEGER, environmentsOnly: true });
    for await (const { text } of uploadedPieces(this.db, uploadId, chunks)) reader.write(text);
    const validation = validated(reader.end());
    if (!validation.ok) throw new Error(`The file is not valid: ${validation.problems[0]?.path} ${validation.problems[0]?.detail}`);
    return validation.file;
  }

  /** The uploaded pieces, a few in flight at a time: a 50 MB file is hundreds of them, and each waits mostly on a round trip. */
  private async stage(importId: string, projectId: number, uploadId: string, chunks: number): Promise<void> {
    let inFlight: Promise<unknown>[] = [];
    for await (const { chunk, text } of uploadedPieces(this.db, uploadId, chunks)) {
      const staged = this.jobs.call(T.stageImport, { importId, projectId, chunk, chunks, text }, { timeoutMs: this.config.JOB_RPC_TIMEOUT_MS });
      staged.catch(() => undefined); // failed here or not, it is awaited below with the others
      inFlight.push(staged);
      if (inFlight.length === STAGING_IN_FLIGHT) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    await Promise.all(inFlight);
  }
}
