import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Environment, Job } from '../api/types';
import { ErrorNote, Field, useAction } from '../ui';
import { useWorkspace } from '../workspace';
import { Import } from './import';
import { JobProgress, saveExportFile, useJob } from './jobs';
import { PastJobs } from './past-jobs';

/** Export and import of the project's flag setup (SPEC §6): both run as jobs, followed here until they end. */
export function TransferPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  return (
    <section>
      <h1>Export &amp; import</h1>
      <p className="muted">
        The flag setup of the whole project {project?.name} (id <code data-testid="project-id">{environment.project_id}</code>): features, segments (cohorts), tags and
        every environment's settings and flag states. SDK keys never travel.
      </p>
      <Export projectId={environment.project_id} />
      <Import projectId={environment.project_id} />
      <PastJobs projectId={environment.project_id} />
    </section>
  );
}

function Export({ projectId }: { projectId: number }) {
  const [identityOverrides, setIdentityOverrides] = useState(false);
  const [jobId, setJobId] = useState<string>();
  const start = useAction(() => api<Job>('POST', `/api/v2/projects/${projectId}/exports/`, { include_identity_overrides: identityOverrides }));
  const { job, error } = useJob<Job>(jobId ? `/api/v2/projects/${projectId}/exports/${jobId}` : undefined);
  const fetchFile = useAction(() => saveExportFile(projectId, jobId ?? ''));
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
      <CliLine projectId={projectId} identityOverrides={identityOverrides} />
    </form>
  );
}

/** The same export from a terminal: `strata` reads the gateway and the key from its environment (README, Command line). */
function CliLine({ projectId, identityOverrides }: { projectId: number; identityOverrides: boolean }) {
  const line = `STRATA_URL=${window.location.origin} strata export --project ${projectId}${identityOverrides ? ' --identity-overrides' : ''} > project-${projectId}.json`;
  return (
    <div className="cli">
      <p className="hint">
        From a terminal, with <code>STRATA_API_KEY</code> set to a personal API key (<code>npx strata</code> in the repository):
      </p>
      <pre>
        <code data-testid="cli-export">{line}</code>
      </pre>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(line)}>
        Copy the command
      </button>
    </div>
  );
}
