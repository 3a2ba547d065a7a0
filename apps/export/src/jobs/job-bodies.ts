import { type exportFormat, type exportJobs, type PageRequest, textPage, type TextPage } from '@strata/contracts';
import type { Queryable } from '@strata/database';

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

/** An import job as a list shows it: without its plan, which only the job itself answers. */
export function importJobSummary(row: ImportJobRow): exportJobs.ImportJobSummary {
  const { plan: _plan, ...summary } = importJobBody(row);
  return summary;
}

/** One page of a project's jobs of one kind, newest first (`jobs_by_project` indexes keep it a range read). */
export async function jobsOfProject<Row extends JobRow, Body>(
  db: Queryable,
  table: 'export_jobs' | 'import_jobs',
  projectId: number,
  page: PageRequest,
  body: (row: Row) => Body,
): Promise<TextPage<Body>> {
  const [rows, [{ count }]] = await Promise.all([
    db.query<Row>(`SELECT * FROM ${table} WHERE project_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, [projectId, page.limit, page.offset]),
    db.query<{ count: string }>(`SELECT count(*) AS count FROM ${table} WHERE project_id = $1`, [projectId]),
  ]);
  return textPage(Number(count), rows.map(body));
}
