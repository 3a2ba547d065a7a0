import { useReducer, useState } from 'react';
import { api } from '../api/client';
import type { Counts, ImportJob, ImportPlan, Job } from '../api/types';
import { ActionForm, ConfirmDialog } from '../form';
import { Table } from '../list';
import { ErrorNote, Field, useAction } from '../ui';
import { changedRows, chosenRequest, type ImportRequest, importReducer, INITIAL_IMPORT, planRows, requestToApply, type Strategy } from './import-plan';
import { JobProgress, useJob } from './jobs';

/** Upload → every problem with its JSON path → the dry run's plan → apply (what was previewed) → progress → the summary. */
export function Import({ projectId }: { projectId: number }) {
  const [state, dispatch] = useReducer(importReducer, INITIAL_IMPORT);
  const [confirming, setConfirming] = useState(false);
  const path = `/api/v2/projects/${projectId}/imports/`;
  const start = useAction((request: ImportRequest, dryRun: boolean) => api<Job>('POST', path, { strategy: request.strategy, dry_run: dryRun, data: request.data }));
  const { stage } = state;
  const { job, error } = useJob<ImportJob>(stage.step === 'choose' ? undefined : `${path}${stage.jobId}`);

  const choose = async (file: File | undefined) => {
    start.clear();
    dispatch({ type: 'file', file: undefined });
    if (file) dispatch({ type: 'file', file: { name: file.name, text: await file.text() } });
  };
  const pick = (strategy: Strategy) => {
    start.clear();
    dispatch({ type: 'strategy', strategy });
  };
  const preview = async () => {
    const request = chosenRequest(state);
    const created = request && (await start.submit(request, true));
    if (request && created) dispatch({ type: 'previewed', request, jobId: created.id });
  };
  const apply = async (confirmed: boolean) => {
    const request = requestToApply(state);
    if (!request) return;
    if (request.strategy === 'OVERWRITE_DESTRUCTIVE' && !confirmed) return setConfirming(true);
    const created = await start.submit(request, false);
    setConfirming(false);
    if (created) dispatch({ type: 'applied', request, jobId: created.id });
  };
  const planned = stage.step === 'preview' && job?.status === 'SUCCESS' && job.plan ? job : undefined;

  return (
    <div className="card" aria-label="Import">
      <h2>Import</h2>
      <ActionForm className="" action={{ pending: start.pending || !state.file, error: undefined }} submitLabel="Check and preview" onSubmit={preview}>
        <div className="row">
          <Field label="Export file (JSON)">
            <input type="file" accept="application/json,.json" onChange={(event) => void choose(event.target.files?.[0])} />
          </Field>
          <Field label="Strategy" hint={state.strategy === 'SKIP' ? 'Never changes anything that exists; only adds what is missing.' : 'Makes what the file names equal to the file; keeps ids.'}>
            <select value={state.strategy} onChange={(event) => pick(event.target.value as Strategy)}>
              <option value="SKIP">Skip what exists</option>
              <option value="OVERWRITE_DESTRUCTIVE">Overwrite (destructive)</option>
            </select>
          </Field>
        </div>
      </ActionForm>
      <Problems fileName={state.file?.name} error={start.error} />
      <ErrorNote error={error} />
      {stage.step === 'preview' ? <JobProgress job={job} what="Preview" /> : null}
      {planned?.plan ? (
        <>
          <Plan plan={planned.plan} />
          <Summary counts={planned.result_summary} caption="What the import will do" />
          <button type="button" className="primary" onClick={() => void apply(false)} disabled={start.pending}>
            Apply the import
          </button>
        </>
      ) : null}
      {confirming && planned?.plan ? (
        <OverwriteConfirm plan={planned.plan} counts={planned.result_summary} action={start} onClose={() => setConfirming(false)} onConfirm={() => void apply(true)} />
      ) : null}
      {stage.step === 'apply' ? <JobProgress job={job} what="Import" /> : null}
      {stage.step === 'apply' && job?.status === 'SUCCESS' ? <Summary counts={job.result_summary} caption="What the import did" /> : null}
    </div>
  );
}

/** A refused file: every problem with its JSON path (else the API's one error). */
function Problems({ fileName, error }: { fileName: string | undefined; error: ReturnType<typeof useAction>['error'] }) {
  const problems = error?.body.errors ?? (error?.status === 400 ? [{ attr: error.attr, detail: error.detail }] : undefined);
  if (!problems) return <ErrorNote error={error} />;
  return (
    <div className="problems" role="alert" data-testid="import-problems">
      <p>
        <strong>{fileName || 'The file'} cannot be imported</strong>: {problems.length} {problems.length === 1 ? 'problem' : 'problems'}. Nothing was changed.
      </p>
      <Table
        rows={problems}
        rowKey={(_, index) => index}
        columns={[
          { header: 'Where (JSON path)', cell: (problem) => <code>{problem.attr ?? '(the file)'}</code> },
          { header: 'Problem', cell: (problem) => problem.detail },
        ]}
      />
    </div>
  );
}

/** Overwrite rewrites what exists: the confirmation names each thing it changes, and what it deletes. */
function OverwriteConfirm({ plan, counts, action, onClose, onConfirm }: { plan: ImportPlan; counts: Record<string, Counts> | null; action: { pending: boolean; error: ReturnType<typeof useAction>['error'] }; onClose: () => void; onConfirm: () => void }) {
  const changed = changedRows(plan);
  const deleted = Object.entries(counts ?? {}).filter(([, count]) => count.deleted > 0);
  return (
    <ConfirmDialog title="Overwrite what exists?" confirmLabel="Overwrite" action={action} onClose={onClose} onConfirm={onConfirm}>
      <div data-testid="overwrite-changes">
        {changed.length === 0 && deleted.length === 0 ? <p>Nothing that exists changes: the import only adds what is missing.</p> : <p>These become equal to the file; their current setup is lost:</p>}
        <ul>
          {changed.map((row, index) => (
            <li key={index}>
              {row.section} <strong>{row.name}</strong> ({row.action})
            </li>
          ))}
          {deleted.map(([section, count]) => (
            <li key={section}>
              {count.deleted} deleted from {section.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
      </div>
    </ConfirmDialog>
  );
}

function Plan({ plan }: { plan: ImportPlan }) {
  return (
    <Table
      className="list plan"
      label="Import plan"
      testId="import-plan"
      caption="The plan (a dry run: nothing has changed yet)"
      rows={planRows(plan)}
      rowKey={(_, index) => index}
      columns={[
        { header: 'What', cell: (row) => row.section },
        { header: 'Name', cell: (row) => row.name },
        { header: 'Action', cell: (row) => <span className={`badge action-${row.action}`}>{row.action}</span> },
      ]}
    />
  );
}

function Summary({ counts, caption }: { counts: Record<string, Counts> | null; caption: string }) {
  if (!counts) return null;
  const column = (header: string, field: keyof Counts) => ({ header, cell: ([, count]: [string, Counts]) => count[field] });
  return (
    <Table
      className="list summary"
      testId="import-summary"
      caption={caption}
      rows={Object.entries(counts)}
      rowKey={([section]) => section}
      columns={[{ header: 'Section', cell: ([section]) => section.replace(/_/g, ' ') }, column('Created', 'created'), column('Updated', 'updated'), column('Deleted', 'deleted'), column('Skipped', 'skipped')]}
    />
  );
}
