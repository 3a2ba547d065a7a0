import { useState } from 'react';
import { all, api, ApiError, type ErrorBody } from '../api/client';
import type { AdoptionReport, Environment, Project } from '../api/types';
import { ConfirmDialog } from '../form';
import { Empty, ErrorNote, Field, fieldError, FormError, Loading, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';
import { ReportView } from './merge-report';

/** A report and whether the API refused it (the 409's body is the report itself). */
interface Answer {
  report: AdoptionReport;
  refused: boolean;
}

type Sections = { project: Project; environments: Environment[] }[];

function isReport(body: ErrorBody): body is ErrorBody & AdoptionReport {
  return Array.isArray(body.refused_because) && typeof body.environment === 'object' && typeof body.conflicts === 'object';
}

/** One adoption request; a 409 that carries the report (a refusal) is an answer to show, not an error. */
async function adopt(projectId: number, body: { environment_id: number; accept_group_type_disruption: boolean; dry_run: boolean }): Promise<Answer> {
  try {
    return { report: await api<AdoptionReport>('POST', `/api/v2/projects/${projectId}/adopt_environment`, body), refused: false };
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 409 && isReport(caught.body)) return { report: caught.body, refused: true };
    throw caught;
  }
}

/** The other projects of the organization with the environments this key sees, asked afresh (one made elsewhere shows too). */
async function otherProjects(environment: Environment): Promise<Sections> {
  const [projects, environments] = await Promise.all([all<Project>('/api/v2/projects/'), all<Environment>('/api/v2/environments/')]);
  return projects
    .filter((candidate) => candidate.organization_id === environment.organization_id && candidate.id !== environment.project_id)
    .sort((a, b) => a.id - b.id)
    .map((candidate) => ({ project: candidate, environments: environments.filter((other) => other.project_id === candidate.id).sort((a, b) => a.id - b.id) }))
    .filter((section) => section.environments.length > 0);
}

/**
 * SPEC §7: an environment of another project of the organization joins this project. The report comes first (a dry
 * run), then the merge; a refusal shows its reasons and conflicts the same way.
 */
export function MergePage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  const seen = useLoad(() => otherProjects(environment), [environment.organization_id, environment.project_id]);
  const [answer, setAnswer] = useState<Answer & { dryRun: boolean }>();
  const merged = async () => {
    // The switcher shows the environment under this project now, and no longer the emptied source.
    await workspace.reload();
    seen.reload();
  };
  return (
    <section>
      <h1>Merge an environment into {project?.name ?? 'this project'}</h1>
      <p className="muted">
        For projects that were one environment each: an environment of another project of the organization joins {project?.name ?? 'this project'} with its SDK key,
        data and settings. The other project's project-wide entities come along as the environment's own; an emptied project is deleted.
      </p>
      {seen.loading && !seen.data ? <Loading what="Loading the other projects" /> : null}
      <ErrorNote error={seen.error} />
      {seen.data && seen.data.length === 0 ? <Empty>No other project of this organization with an environment your key sees.</Empty> : null}
      {seen.data && seen.data.length > 0 ? <MergeForm projectId={environment.project_id} sections={seen.data} answer={answer} onAnswer={setAnswer} onMerged={merged} /> : null}
      {answer ? <ReportView report={answer.report} refused={answer.refused} /> : null}
    </section>
  );
}

function MergeForm({ projectId, sections, answer, onAnswer, onMerged }: {
  projectId: number;
  sections: Sections;
  answer: (Answer & { dryRun: boolean }) | undefined;
  onAnswer: (answer: (Answer & { dryRun: boolean }) | undefined) => void;
  onMerged: () => Promise<void>;
}) {
  const [chosen, setChosen] = useState('');
  const [accept, setAccept] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const request = (dryRun: boolean, acceptDisruption: boolean) => adopt(projectId, { environment_id: Number(chosen), accept_group_type_disruption: acceptDisruption, dry_run: dryRun });
  const preview = useAction((acceptDisruption: boolean) => request(true, acceptDisruption));
  const merge = useAction(() => request(false, accept));
  const error = preview.error ?? merge.error;
  const busy = preview.pending || merge.pending;

  const runPreview = async (acceptDisruption: boolean) => {
    onAnswer(undefined);
    merge.clear();
    const previewed = await preview.submit(acceptDisruption);
    if (previewed) onAnswer({ ...previewed, dryRun: true });
  };
  const choose = (value: string) => {
    setChosen(value);
    setAccept(false);
    onAnswer(undefined);
    preview.clear();
    merge.clear();
  };
  const runMerge = async () => {
    setConfirming(false);
    const done = await merge.submit();
    if (!done) return;
    onAnswer({ ...done, dryRun: false });
    if (done.refused) return;
    setChosen('');
    setAccept(false);
    await onMerged();
  };
  const report = answer?.report;
  const onlyDisruption = report !== undefined && report.refused_because.length > 0 && report.refused_because.every((reason) => reason === 'group_type_disruption');
  const canMerge = answer !== undefined && answer.dryRun && !answer.refused && answer.report.status === 'planned' && !busy;

  return (
    <form className="card" onSubmit={(event) => (event.preventDefault(), void runPreview(accept))} aria-label="Merge an environment">
      <Field label="Environment to merge" error={fieldError(error, 'environment_id')} hint="An environment of another project of the organization; you must be an admin of both projects.">
        <select value={chosen} onChange={(event) => choose(event.target.value)} required>
          <option value="">Choose an environment…</option>
          {sections.map(({ project: source, environments }) => (
            <optgroup key={source.id} label={source.name}>
              {environments.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {source.name} / {candidate.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      {onlyDisruption || accept ? (
        <Field label="Accept that these group types move to other indexes" inline error={fieldError(error, 'accept_group_type_disruption')}>
          <input type="checkbox" checked={accept} disabled={busy} onChange={(event) => (setAccept(event.target.checked), void runPreview(event.target.checked))} />
        </Field>
      ) : null}
      <FormError error={error} fields={['environment_id', 'accept_group_type_disruption']} />
      <div className="row">
        <button type="submit" disabled={chosen === '' || busy}>
          Preview
        </button>
        <button type="button" className="primary" disabled={!canMerge} onClick={() => (report?.source_project.deleted ? setConfirming(true) : void runMerge())}>
          Merge
        </button>
        {preview.pending ? <Loading what="Asking what the merge would do" /> : null}
        {merge.pending ? <Loading what="Merging" /> : null}
      </div>
      {confirming && report ? (
        <ConfirmDialog title={`Merge and delete ${report.source_project.name}?`} confirmLabel={`Merge and delete ${report.source_project.name}`} action={merge} onClose={() => setConfirming(false)} onConfirm={() => void runMerge()}>
          <p>
            {report.environment.name} is the last environment of {report.source_project.name}: once it joins this project as {report.environment.name_in_target}, the
            project {report.source_project.name} is deleted.
          </p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
