import type { exportFormat, exportJobs } from '@strata/contracts';

export interface JobRow {
  id: string;
  status: exportJobs.JobStatus;
  created_at: Date;
  finished_at: Date | null;
  error: string | null;
}

export interface ImportJobRow extends JobRow {
  strategy: exportFormat.ImportStrategy;
  dry_run: boolean;
  result_summary: exportJobs.ResultSummary | null;
  plan: exportFormat.ImportPlan | null;
}

/** SPEC §6's job body. */
export function jobBody(row: JobRow): exportJobs.ExportJob {
  return {
    id: row.id,
    status: row.status,
    created_at: row.created_at.toISOString(),
    finished_at: row.finished_at?.toISOString() ?? null,
    error: row.error,
  };
}

/** The plan is shown for a dry run only: an applied import answers with its counts. */
export function importJobBody(row: ImportJobRow): exportJobs.ImportJob {
  return { ...jobBody(row), strategy: row.strategy, dry_run: row.dry_run, result_summary: row.result_summary, plan: row.dry_run ? row.plan : null };
}
