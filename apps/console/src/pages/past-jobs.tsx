import { api } from '../api/client';
import type { Job, ImportJobSummary } from '../api/types';
import { ListView } from '../list';
import { formatDate, useAction, useLoad } from '../ui';
import { summaryLine } from './job-summary';
import { saveExportFile } from './jobs';

const SHOWN = 20;

type ListOf<T> = { count: number; results: T[] };

/** The project's latest export and import jobs (SPEC §6's job lists), newest first, read afresh on "Refresh". */
export function PastJobs({ projectId }: { projectId: number }) {
  const base = `/api/v2/projects/${projectId}`;
  const exports = useLoad(() => api<ListOf<Job>>('GET', `${base}/exports/?limit=${SHOWN}`), [base]);
  const imports = useLoad(() => api<ListOf<ImportJobSummary>>('GET', `${base}/imports/?limit=${SHOWN}`), [base]);
  const fetchFile = useAction((jobId: string) => saveExportFile(projectId, jobId));
  const when = { header: 'Started', cell: (job: Job) => formatDate(job.created_at) };
  const outcome = { header: 'Outcome', cell: (job: Job) => (job.status === 'PROCESSING' ? 'in progress' : `${job.status.toLowerCase()} ${formatDate(job.finished_at)}`) };
  return (
    <section className="card" aria-label="Past jobs">
      <h2>Past jobs</h2>
      <button type="button" onClick={() => (exports.reload(), imports.reload())}>
        Refresh
      </button>
      <ListView
        list={{ ...exports, data: exports.data?.results }}
        error={fetchFile.error}
        label="Past exports"
        caption={`Exports (${exports.data?.count ?? 0})`}
        empty="No export yet."
        rowKey={(job) => job.id}
        columns={[
          when,
          outcome,
          { header: 'Error', cell: (job) => job.error ?? '' },
          { header: '', cell: (job) => (job.status === 'SUCCESS' ? <button type="button" onClick={() => void fetchFile.submit(job.id)}>Download</button> : null) },
        ]}
      />
      <ListView
        list={{ ...imports, data: imports.data?.results }}
        label="Past imports"
        caption={`Imports (${imports.data?.count ?? 0})`}
        empty="No import yet."
        rowKey={(job) => job.id}
        columns={[
          when,
          outcome,
          { header: 'Strategy', cell: (job) => `${job.strategy === 'SKIP' ? 'Skip what exists' : 'Overwrite'}${job.dry_run ? ' (dry run)' : ''}` },
          { header: 'Result', cell: (job) => (job.result_summary ? summaryLine(job.result_summary) : (job.error ?? '')) },
        ]}
      />
    </section>
  );
}
