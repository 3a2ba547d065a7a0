import { type FormEvent, useState } from 'react';
import { all, api, ApiError, type ErrorBody } from '../api/client';
import type { AdoptionRefusal, AdoptionReport, Environment, Project } from '../api/types';
import { kindByName } from '../entities/kinds';
import { Empty, ErrorNote, Field, fieldError, FormError, Loading, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

const REFUSALS: Record<AdoptionRefusal, string> = {
  group_type_disruption: 'Group types would move to other indexes: their events would land on another index from now on.',
  no_free_group_type_index: 'This project has no free group type index left for a group type of the environment.',
  flag_key_collision: 'Flag keys of the environment are already used here (keys compare case-insensitively).',
};

const GROUP_TYPE_REASONS = {
  different_index: 'the same type is at another index here',
  index_taken: 'its index is held by another type here',
  no_free_index: 'no free index left here',
} as const;

/** A report and whether the API refused it (the 409's body is the report itself). */
interface Answer {
  report: AdoptionReport;
  refused: boolean;
}

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

/**
 * SPEC §7: an environment of another project of the organization joins this project. The report comes first (a dry
 * run), then the merge; a refusal shows its reasons and conflicts the same way.
 */
export function MergePage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  // Asked afresh: a project made elsewhere (another tab, the API) since the console loaded is offered too.
  const seen = useLoad(async () => {
    const [projects, environments] = await Promise.all([all<Project>('/api/v2/projects/'), all<Environment>('/api/v2/environments/')]);
    return projects
      .filter((candidate) => candidate.organization_id === environment.organization_id && candidate.id !== environment.project_id)
      .sort((a, b) => a.id - b.id)
      .map((candidate) => ({ project: candidate, environments: environments.filter((other) => other.project_id === candidate.id).sort((a, b) => a.id - b.id) }))
      .filter((section) => section.environments.length > 0);
  }, [environment.organization_id, environment.project_id]);

  const [chosen, setChosen] = useState('');
  const [accept, setAccept] = useState(false);
  const [answer, setAnswer] = useState<Answer & { dryRun: boolean }>();
  const request = (dryRun: boolean, acceptDisruption: boolean) => adopt(environment.project_id, { environment_id: Number(chosen), accept_group_type_disruption: acceptDisruption, dry_run: dryRun });
  const preview = useAction((acceptDisruption: boolean) => request(true, acceptDisruption));
  const merge = useAction(() => request(false, accept));
  const error = preview.error ?? merge.error;

  const runPreview = async (acceptDisruption: boolean) => {
    setAnswer(undefined);
    merge.clear();
    const previewed = await preview.submit(acceptDisruption);
    if (previewed) setAnswer({ ...previewed, dryRun: true });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await runPreview(accept);
  };
  const choose = (value: string) => {
    setChosen(value);
    setAccept(false);
    setAnswer(undefined);
    preview.clear();
    merge.clear();
  };
  const toggleAccept = async (value: boolean) => {
    setAccept(value);
    await runPreview(value);
  };
  const runMerge = async () => {
    const merged = await merge.submit();
    if (!merged) return;
    setAnswer({ ...merged, dryRun: false });
    if (!merged.refused) {
      setChosen('');
      setAccept(false);
      // The switcher shows the environment under this project now, and no longer the emptied source.
      await workspace.reload();
      seen.reload();
    }
  };

  const report = answer?.report;
  const onlyDisruption = report !== undefined && report.refused_because.length > 0 && report.refused_because.every((reason) => reason === 'group_type_disruption');
  const canMerge = answer !== undefined && answer.dryRun && !answer.refused && answer.report.status === 'planned' && !merge.pending && !preview.pending;

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
      {seen.data && seen.data.length > 0 ? (
        <form className="card" onSubmit={submit} aria-label="Merge an environment">
          <Field label="Environment to merge" error={fieldError(error, 'environment_id')} hint="An environment of another project of the organization; you must be an admin of both projects.">
            <select value={chosen} onChange={(event) => choose(event.target.value)} required>
              <option value="">Choose an environment…</option>
              {seen.data.map(({ project: source, environments }) => (
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
              <input type="checkbox" checked={accept} disabled={preview.pending || merge.pending} onChange={(event) => void toggleAccept(event.target.checked)} />
            </Field>
          ) : null}
          <FormError error={error} fields={['environment_id', 'accept_group_type_disruption']} />
          <div className="row">
            <button type="submit" disabled={chosen === '' || preview.pending || merge.pending}>
              Preview
            </button>
            <button type="button" className="primary" disabled={!canMerge} onClick={() => void runMerge()}>
              Merge
            </button>
            {preview.pending ? <Loading what="Asking what the merge would do" /> : null}
            {merge.pending ? <Loading what="Merging" /> : null}
          </div>
        </form>
      ) : null}
      {answer ? <ReportView answer={answer} /> : null}
    </section>
  );
}

function ReportView({ answer }: { answer: Answer & { dryRun: boolean } }) {
  const { report, refused } = answer;
  const heading = refused ? 'Refused: nothing was changed' : report.status === 'completed' ? 'Merged' : 'Preview: nothing has changed yet';
  const renamed = report.environment.name_in_target !== report.environment.name;
  const { group_types: groupTypes, flag_keys: flagKeys, property_types: propertyTypes } = report.conflicts;
  const added = new Set(report.taxonomy.group_types_added.map((type) => type.group_type));
  const mapping = Object.entries(report.taxonomy.group_type_mapping).sort((a, b) => a[1] - b[1]);
  const kind = (name: string) => kindByName(name)?.singular ?? name;
  return (
    <div className={`card${refused ? ' blocked' : ''}`} role={refused ? 'alert' : 'status'} aria-label="Merge report" data-testid="adoption-report">
      <h2 data-testid="adoption-status">{heading}</h2>
      <dl className="evaluation">
        <dt>Environment</dt>
        <dd>
          {report.environment.name} of {report.source_project.name} {report.status === 'completed' ? 'is now' : 'becomes'}{' '}
          <strong data-testid="name-in-target">{report.environment.name_in_target}</strong> in {report.target_project.name}
          {renamed ? ` (renamed: ${report.target_project.name} has an environment named ${report.environment.name})` : ''}
        </dd>
        <dt>Source project</dt>
        <dd data-testid="source-deleted">
          {report.source_project.deleted
            ? `${report.source_project.name} ${report.status === 'completed' ? 'was emptied and deleted' : 'is emptied by the move and will be deleted'}`
            : `${report.source_project.name} stays, with its other environments`}
        </dd>
      </dl>

      {report.refused_because.length > 0 ? (
        <>
          <h3>Why it is refused</h3>
          <ul data-testid="refused-because">
            {report.refused_because.map((reason) => (
              <li key={reason}>
                <code>{reason}</code>: {REFUSALS[reason] ?? reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>Conflicts</h3>
      {groupTypes.length + flagKeys.length + propertyTypes.length === 0 ? <p className="muted">None.</p> : null}
      {groupTypes.length > 0 ? (
        <table className="list" aria-label="Group type conflicts">
          <caption>Group types</caption>
          <thead>
            <tr>
              <th>Group type</th>
              <th>Index in the source</th>
              <th>Index here</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {groupTypes.map((conflict) => (
              <tr key={conflict.group_type}>
                <td>{conflict.group_type}</td>
                <td>{conflict.source_index}</td>
                <td>{conflict.target_index ?? '—'}</td>
                <td>{GROUP_TYPE_REASONS[conflict.reason] ?? conflict.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {flagKeys.length > 0 ? (
        <table className="list" aria-label="Flag key conflicts">
          <caption>Flag keys used in both projects</caption>
          <thead>
            <tr>
              <th>Key</th>
            </tr>
          </thead>
          <tbody>
            {flagKeys.map((collision) => (
              <tr key={collision.source_flag_id}>
                <td>
                  <code>{collision.key}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {propertyTypes.length > 0 ? (
        <table className="list" aria-label="Property type conflicts">
          <caption>Property types that differ (this project's type stays)</caption>
          <thead>
            <tr>
              <th>Property</th>
              <th>Of</th>
              <th>In the source</th>
              <th>Here (kept)</th>
            </tr>
          </thead>
          <tbody>
            {propertyTypes.map((conflict) => (
              <tr key={`${conflict.type}:${conflict.group_type_index ?? ''}:${conflict.name}`}>
                <td>{conflict.name}</td>
                <td>
                  {conflict.type}
                  {conflict.group_type_index !== undefined ? ` (group ${conflict.group_type_index})` : ''}
                </td>
                <td>{conflict.source_property_type}</td>
                <td>{conflict.target_property_type}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h3>Entities that change scope</h3>
      {report.scope_changes.length === 0 ? (
        <p className="muted">None: the source project has no project-wide entity.</p>
      ) : (
        <table className="list" aria-label="Entities that change scope" data-testid="scope-changes">
          <caption>Project-wide in {report.source_project.name}; they come along as this environment's own (copies under new ids)</caption>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Name</th>
              <th>Scope</th>
            </tr>
          </thead>
          <tbody>
            {report.scope_changes.map((change) => (
              <tr key={`${change.kind}:${change.id}`}>
                <td>{kind(change.kind)}</td>
                <td>{change.name}</td>
                <td>
                  <span className="badge project">project-wide</span> → <span className="badge environment">{report.environment.name_in_target}</span>
                  {change.new_id ? (
                    <>
                      {' '}
                      <code>{change.new_id}</code>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Entities that move as they are</h3>
      {report.moved_entities.length === 0 ? (
        <p className="muted">None: the environment has no entity of its own.</p>
      ) : (
        <table className="list" aria-label="Entities that move as they are" data-testid="moved-entities">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Name</th>
            </tr>
          </thead>
          <tbody>
            {report.moved_entities.map((entity) => (
              <tr key={`${entity.kind}:${entity.id}`}>
                <td>{kind(entity.kind)}</td>
                <td>{entity.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>What the taxonomy adds</h3>
      {mapping.length > 0 ? (
        <table className="list" aria-label="Group type mapping">
          <caption>Group types: where the environment's events land from now on</caption>
          <thead>
            <tr>
              <th>Group type</th>
              <th>Index here</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {mapping.map(([type, index]) => (
              <tr key={type}>
                <td>{type}</td>
                <td>{index}</td>
                <td>{added.has(type) ? <span className="badge action-create">added</span> : <span className="badge action-skip">exists</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No group types.</p>
      )}
      <p>
        {report.taxonomy.event_definitions_added} event {report.taxonomy.event_definitions_added === 1 ? 'definition' : 'definitions'} and {report.taxonomy.property_definitions_added} property{' '}
        {report.taxonomy.property_definitions_added === 1 ? 'definition' : 'definitions'} added
        {report.tags_created.length > 0 ? `; tags created: ${report.tags_created.join(', ')}` : ''}.
      </p>
    </div>
  );
}
