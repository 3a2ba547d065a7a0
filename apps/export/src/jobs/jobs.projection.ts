import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';
import type { exportJobs } from '@strata/contracts';

type ExportJobEvent = exportJobs.ExportJobEvent;
type ImportJobEvent = exportJobs.ImportJobEvent;

/** `export_jobs`: each export job's status, in the append's transaction (the handlers read their writes). */
export const exportJobsProjection: InlineProjection = {
  name: 'export_jobs',
  handles: ['ExportRequested', 'ExportCompleted', 'ExportFailed'] satisfies ExportJobEvent['type'][],
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    for (const event of events as RecordedEvent<ExportJobEvent>[]) await applyExport(event, tx);
  },
  async reset(tx: Transaction): Promise<void> {
    await tx.query('DELETE FROM export_jobs');
  },
};

async function applyExport(event: RecordedEvent<ExportJobEvent>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'ExportRequested': {
      const { jobId, projectId, principal, includeIdentityOverrides, requestedAt } = event.data;
      await tx.query(
        `INSERT INTO export_jobs (id, project_id, status, include_identity_overrides, principal, created_at)
         VALUES ($1, $2, 'PROCESSING', $3, $4, $5)`,
        [jobId, projectId, includeIdentityOverrides, JSON.stringify(principal), requestedAt],
      );
      return;
    }
    case 'ExportCompleted': {
      const { jobId, bytes, chunks, finishedAt } = event.data;
      await tx.query(`UPDATE export_jobs SET status = 'SUCCESS', bytes = $2, chunks = $3, finished_at = $4 WHERE id = $1`, [jobId, bytes, chunks, finishedAt]);
      return;
    }
    case 'ExportFailed': {
      const { jobId, error, finishedAt } = event.data;
      await tx.query(`UPDATE export_jobs SET status = 'FAILED', error = $2, finished_at = $3 WHERE id = $1`, [jobId, error, finishedAt]);
      return;
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** `import_jobs`: each import job's status and result; at most one PROCESSING per project (a partial unique index). */
export const importJobsProjection: InlineProjection = {
  name: 'import_jobs',
  handles: ['ImportRequested', 'ImportCompleted', 'ImportFailed'] satisfies ImportJobEvent['type'][],
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    for (const event of events as RecordedEvent<ImportJobEvent>[]) await applyImport(event, tx);
  },
  async reset(tx: Transaction): Promise<void> {
    await tx.query('DELETE FROM import_jobs');
  },
};

async function applyImport(event: RecordedEvent<ImportJobEvent>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'ImportRequested': {
      const { jobId, projectId, principal, uploadId, strategy, dryRun, requestedAt } = event.data;
      await tx.query(
        `INSERT INTO import_jobs (id, project_id, status, strategy, dry_run, upload_id, principal, created_at)
         VALUES ($1, $2, 'PROCESSING', $3, $4, $5, $6, $7)`,
        [jobId, projectId, strategy, dryRun, uploadId, JSON.stringify(principal), requestedAt],
      );
      return;
    }
    case 'ImportCompleted': {
      const { jobId, resultSummary, plan, finishedAt } = event.data;
      await tx.query(`UPDATE import_jobs SET status = 'SUCCESS', result_summary = $2, plan = $3, finished_at = $4 WHERE id = $1`, [
        jobId,
        JSON.stringify(resultSummary),
        plan === null ? null : JSON.stringify(plan),
        finishedAt,
      ]);
      return;
    }
    case 'ImportFailed': {
      const { jobId, error, finishedAt } = event.data;
      await tx.query(`UPDATE import_jobs SET status = 'FAILED', error = $2, finished_at = $3 WHERE id = $1`, [jobId, error, finishedAt]);
      return;
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const exportProjections: readonly InlineProjection[] = [exportJobsProjection, importJobsProjection];
