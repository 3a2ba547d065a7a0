import { Inject, Injectable } from '@nestjs/common';
import { entities, exportFormat, exportJobs, MESSAGE_PIECE, textPieces, type projects } from '@strata/contracts';
import { Database } from '@strata/database';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { projectAdministeredBy } from '../access/project-access';
import { OtherServices } from '../access/services';
import type { ExportConfig } from '../config';
import { overwriteSettings, targetEnvironments } from './environments';
import { uploadedText } from './uploads';

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
 * Runs an import job: the environments the file names are made to exist (never twice), the file's text is staged
 * with the entities service in message-sized pieces, and the entities service plans and applies it in one atomic
 * append. Every step can run again: staging is keyed by the job, environments are found by name before any is made.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly services: OtherServices,
    private readonly db: Database,
    @Inject(SERVICE_CONFIG) private readonly config: ExportConfig,
  ) {}

  async run(job: ImportJobRow): Promise<ImportOutcome> {
    const projectId = Number(job.project_id);
    const { principal } = job;
    await projectAdministeredBy(this.services, principal, projectId);
    let text = await uploadedText(this.db, job.upload_id);
    if (text === undefined) throw new Error('The uploaded file is no longer stored.');
    // Validated whole when the job was asked for, and again where it is applied: here only its environments are needed.
    const validation = exportFormat.validatedEnvironments(text, { maxBytes: this.config.IMPORT_MAX_BYTES });
    if (!validation.ok) throw new Error(`The file is not valid: ${validation.problems[0]?.path} ${validation.problems[0]?.detail}`);
    const file = validation.file;
    const environments = await targetEnvironments(this.services, principal, projectId, file, !job.dry_run);
    try {
      await this.stage(job.id, projectId, text);
      text = undefined; // not held while the entities service applies the file
      const applied = await this.services.call(
        T.applyImport,
        {
          importId: job.id,
          projectId,
          strategy: job.strategy,
          includeIdentityOverrides: this.config.PROJECT_IMPORT_EXPORT_IDENTITY_OVERRIDES,
          dryRun: job.dry_run,
          environmentIds: environments.ids,
        },
        { timeoutMs: this.config.JOB_RPC_TIMEOUT_MS },
      );
      if (!job.dry_run && job.strategy === 'OVERWRITE_DESTRUCTIVE') await overwriteSettings(this.services, principal, file, environments.ids, environments.existing);
      return { resultSummary: applied.result_summary, plan: job.dry_run ? applied.plan : null };
    } catch (error) {
      await this.services.call(T.discardImport, { importId: job.id, projectId }).catch(() => undefined);
      throw error;
    }
  }

  /** A few chunks in flight at a time: a 50 MB file is a hundred or more of them, and each waits mostly on a round trip. */
  private async stage(importId: string, projectId: number, text: string): Promise<void> {
    const pieces = textPieces(text, MESSAGE_PIECE);
    const chunks = pieces.length;
    let next = 0;
    const sender = async () => {
      for (let chunk = next++; chunk < chunks; chunk = next++) {
        await this.services.call(T.stageImport, { importId, projectId, chunk, chunks, text: pieces[chunk] }, { timeoutMs: this.config.JOB_RPC_TIMEOUT_MS });
      }
    };
    await Promise.all(Array.from({ length: Math.min(STAGING_IN_FLIGHT, chunks) }, sender));
  }
}
