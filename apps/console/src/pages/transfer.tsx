import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, type ApiError, download } from '../api/client';
import type { Counts, Environment, ImportJob, ImportPlan, Job } from '../api/types';
import { ErrorNote, Field, formatDate, useAction } from '../ui';
import { useWorkspace } from '../workspace';

const POLL_MS = 500;

/** Polls a job until it leaves PROCESSING; stops when the view goes away. Answers only the job of the current path. */
function useJob<T extends Job>(path: string | undefined): { job: T | undefined; error: ApiError | undefined } {
  const [state, setState] = useState<{ path: string; job?: T; error?: ApiError }>();
  useEffect(() => {
    if (!path) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await api<T>('GET', path);
        if (!active) return;
        setState({ path, job });
        if (job.status === 'PROCESSING') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (caught) {
        if (active) setState({ path, error: caught as ApiError });
      }
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [path]);
  return state && state.path === path ? { job: state.job, error: state.error } : { job: undefined, error: undefined };
}

/** Export and import of the project's flag setup (SPEC §6): both run as jobs, followed here until they end. */
export function TransferPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  return (
    <section>
      <h1>Export &amp; import</h1>
      <p className="muted">
        The flag setup of the whole project {project?.name}: features, segments (cohorts), tags and every environment's settings and flag states. SDK keys never travel.
      </p>
      <Export projectId={environment.project_id} />
      <Import projectId={environment.project_id} />
    </section>
  );
}

function Export({ projectId }: { projectId: number }) {
  const [identityOverrides, setIdentityOverrides] = useState(false);
  const [jobId, setJobId] = useState<string>();
  const start = useAction(() => api<Job>('POST', `/api/v2/projects/${projectId}/exports/`, { include_identity_overrides: identityOverrides }));
  const { job, error } = useJob<Job>(jobId ? `/api/v2/projects/${projectId}/exports/${jobId}` : undefined);
  const fetchFile = useAction(async () => {
    const { blob, filename } = await download(`/api/v2/projects/${projectId}/exports/${jobId}/download`);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return filename;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await start.submit();
    if (created) setJobId(created.id);
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Export">
      <h2>Export</h2>
      <Field label="Include identity overrides" inline>
        <input type="checkbox" checked={identityOverrides} onChange={(event) => setIdentityOverrides(event.target.checked)} />
      </Field>
      <button type="submit" className="primary" disabled={start.pending || job?.status === 'PROCESSING'}>
        Start export
      </button>
      <ErrorNote error={start.error ?? error} />
      {jobId ? <JobProgress job={job} what="Export" /> : null}
      {job?.status === 'SUCCESS' ? (
        <p>
          <button type="button" onClick={() => void fetchFile.submit()} disabled={fetchFile.pending}>
            Download the file
          </button>{' '}
          {fetchFile.pending ? 'Downloading…' : null}
        </p>
      ) : null}
      <ErrorNote error={fetchFile.error} />
    </form>
  );
}

function JobProgress({ job, what }: { job: Job | undefined; what: string }) {
  if (!job) return <p role="status">{what} starting…</p>;
  return (
    <p role="status" className={`job ${job.status.toLowerCase()}`} data-testid={`${what.toLowerCase().replace(/\W+/g, '-')}-status`}>
      {what} {job.status === 'PROCESSING' ? 'in progress…' : job.status === 'SUCCESS' ? 'finished' : 'failed'}
      {job.status === 'PROCESSING' ? <progress aria-label={`${what} in progress`} /> : null}
      {job.finished_at ? ` at ${formatDate(job.finished_at)}` : null}
      {job.error ? `: ${job.error}` : null}
    </p>
  );
}

type Stage = { step: 'choose' } | { step: 'preview'; jobId: string } | { step: 'apply'; jobId: string };

/** Upload → every problem with its JSON path → the dry run's plan → apply → progress → the summary. */
function Import({ projectId }: { projectId: number }) {
  const [text, setText] = useState<string>();
  const [fileName, setFileName] = useState('');
  const [strategy, setStrategy] = useState<'SKIP' | 'OVERWRITE_DESTRUCTIVE'>('SKIP');
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const input = useRef<HTMLInputElement>(null);
  const start = useAction((dryRun: boolean) => api<Job>('POST', `/api/v2/projects/${projectId}/imports/`, { strategy, dry_run: dryRun, data: text ?? '' }));
  const jobPath = stage.step === 'choose' ? undefined : `/api/v2/projects/${projectId}/imports/${stage.jobId}`;
  const { job, error } = useJob<ImportJob>(jobPath);

  const choose = async (file: File | undefined) => {
    setStage({ step: 'choose' });
    start.clear();
    setFileName(file?.name ?? '');
    setText(file ? await file.text() : undefined);
  };
  const preview = async (event: FormEvent) => {
    event.preventDefault();
    setStage({ step: 'choose' });
    const created = await start.submit(true);
    if (created) setStage({ step: 'preview', jobId: created.id });
  };
  const apply = async () => {
    const created = await start.submit(false);
    if (created) setStage({ step: 'apply', jobId: created.id });
  };
  const problems = start.error?.body.errors ?? (start.error?.status === 400 ? [{ attr: start.error.attr, detail: start.error.detail }] : undefined);

  return (
    <div className="card" aria-label="Import">
      <h2>Import</h2>
      <form onSubmit={preview}>
        <div className="row">
          <Field label="Export file (JSON)">
            <input ref={input} type="file" accept="application/json,.json" onChange={(event) => void choose(event.target.files?.[0])} />
          </Field>
          <Field label="Strategy" hint={strategy === 'SKIP' ? 'Never changes anything that exists; only adds what is missing.' : 'Makes what the file names equal to the file; keeps ids.'}>
            <select value={strategy} onChange={(event) => setStrategy(event.target.value as typeof strategy)}>
              <option value="SKIP">Skip what exists</option>
              <option value="OVERWRITE_DESTRUCTIVE">Overwrite (destructive)</option>
            </select>
          </Field>
        </div>
        <button type="submit" className="primary" disabled={text === undefined || start.pending}>
          Check and preview
        </button>
      </form>
      {problems ? (
        <div className="problems" role="alert" data-testid="import-problems">
          <p>
            <strong>{fileName || 'The file'} cannot be imported</strong>: {problems.length} {problems.length === 1 ? 'problem' : 'problems'}. Nothing was changed.
          </p>
          <table className="list">
            <thead>
              <tr>
                <th>Where (JSON path)</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem, index) => (
                <tr key={index}>
                  <td>
                    <code>{problem.attr ?? '(the file)'}</code>
                  </td>
                  <td>{problem.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ErrorNote error={start.error} />
      )}
      <ErrorNote error={error} />
      {stage.step === 'preview' ? (
        <>
          <JobProgress job={job} what="Preview" />
          {job?.status === 'SUCCESS' && job.plan ? (
            <>
              <Plan plan={job.plan} />
              <Summary counts={job.result_summary} caption="What the import will do" />
              <button type="button" className="primary" onClick={() => void apply()} disabled={start.pending}>
                Apply the import
              </button>
            </>
          ) : null}
        </>
      ) : null}
      {stage.step === 'apply' ? (
        <>
          <JobProgress job={job} what="Import" />
          {job?.status === 'SUCCESS' ? <Summary counts={job.result_summary} caption="What the import did" /> : null}
        </>
      ) : null}
    </div>
  );
}

const SECTIONS: [keyof Omit<ImportPlan, 'strategy' | 'feature_states'>, string][] = [
  ['tags', 'Tag'],
  ['segments', 'Segment'],
  ['features', 'Feature'],
  ['environments', 'Environment'],
];

function Plan({ plan }: { plan: ImportPlan }) {
  const rows = [
    ...SECTIONS.flatMap(([section, label]) => (plan[section] ?? []).map((step) => ({ section: label, name: step.name, action: step.action }))),
    ...(plan.feature_states ?? []).map((step) => ({ section: 'Flag state', name: `${step.feature_name} in ${step.environment_name}`, action: step.action })),
  ];
  return (
    <table className="list plan" aria-label="Import plan" data-testid="import-plan">
      <caption>The plan (a dry run: nothing has changed yet)</caption>
      <thead>
        <tr>
          <th>What</th>
          <th>Name</th>
          <th>Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            <td>{row.section}</td>
            <td>{row.name}</td>
            <td>
              <span className={`badge action-${row.action}`}>{row.action}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary({ counts, caption }: { counts: Record<string, Counts> | null; caption: string }) {
  if (!counts) return null;
  return (
    <table className="list summary" data-testid="import-summary">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>Section</th>
          <th>Created</th>
          <th>Updated</th>
          <th>Deleted</th>
          <th>Skipped</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(counts).map(([section, count]) => (
          <tr key={section}>
            <td>{section.replace(/_/g, ' ')}</td>
            <td>{count.created}</td>
            <td>{count.updated}</td>
            <td>{count.deleted}</td>
            <td>{count.skipped}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
