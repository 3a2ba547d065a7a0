import { useState } from 'react';
import { api } from '../api/client';
import type { Environment, Project } from '../api/types';
import { environmentPath, navigate } from '../router';
import { ActionForm, ConfirmDialog, TextField } from '../form';
import { Field, fieldError, FormError, useAction } from '../ui';
import { useWorkspace } from '../workspace';

const FLAG_SWITCHES = [
  ['allow_client_traits', 'Allow client-side traits'],
  ['hide_disabled_flags', 'Hide disabled flags from SDKs'],
  ['use_identity_composite_key_for_hashing', 'Hash identities with a composite key'],
  ['hide_sensitive_data', 'Hide sensitive data'],
  ['use_v2_feature_versioning', 'Use v2 feature versioning'],
  ['use_identity_overrides_in_local_eval', 'Use identity overrides in local evaluation'],
] as const;

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

type Draft = Record<string, string | number | boolean>;

function draftOf(environment: Environment): Draft {
  return {
    name: environment.name,
    timezone: environment.timezone,
    app_urls: environment.app_urls.join('\n'),
    recording_domains: environment.recording_domains.join('\n'),
    minimum_change_request_approvals: environment.minimum_change_request_approvals ?? '',
    banner_text: environment.banner_text ?? '',
    banner_colour: environment.banner_colour ?? '',
    ...Object.fromEntries(FLAG_SWITCHES.map(([name]) => [name, environment[name] ?? false])),
  };
}

/** Only what changed is sent: a field left alone keeps its value, even one the form shows differently (null as empty). */
function changesOf(draft: Draft, initial: Draft): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(draft)) {
    if (value === initial[name]) continue;
    if (name === 'app_urls' || name === 'recording_domains') changes[name] = lines(String(value));
    else if (name === 'minimum_change_request_approvals') changes[name] = value === '' ? null : Number(value);
    else if ((name === 'banner_text' || name === 'banner_colour') && value === '') changes[name] = null;
    else changes[name] = value;
  }
  return changes;
}

/** This environment's own settings (never shared), and the project's name. */
export function SettingsPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  return (
    <section>
      <h1>Settings of {environment.name}</h1>
      <p className="muted">These belong to {environment.name} alone; other environments of the project keep their own.</p>
      <EnvironmentSettings environment={environment} />
      {project ? <ProjectName project={project} /> : null}
      <DeleteEnvironment environment={environment} />
    </section>
  );
}

function EnvironmentSettings({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const initial = draftOf(environment);
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useAction(() => api<Environment>('PATCH', `/api/v2/environments/${environment.id}`, changesOf(draft, initial)));
  const submit = async () => {
    setSaved(false);
    if (!(await save.submit())) return;
    setSaved(true);
    await workspace.reload();
  };
  const set = (name: string, value: string | number | boolean) => setDraft({ ...draft, [name]: value });
  const error = save.error;
  const text = (name: string, label: string, hint?: string) => <TextField label={label} name={name} error={error} hint={hint} value={String(draft[name])} onValue={(value) => set(name, value)} />;
  const list = (name: string, label: string) => (
    <Field label={label} error={fieldError(error, name)} hint="One per line.">
      <textarea rows={3} value={String(draft[name])} onChange={(event) => set(name, event.target.value)} />
    </Field>
  );
  return (
    <ActionForm label="Environment settings" action={save} fields={Object.keys(initial)} submitLabel="Save settings" onSubmit={submit} saved={saved}>
      {text('name', 'Name')}
      {text('timezone', 'Timezone', 'An IANA name such as Europe/Paris.')}
      {list('app_urls', 'Toolbar authorized URLs')}
      {list('recording_domains', 'Replay authorized domains')}
      <TextField label="Minimum change request approvals" name="minimum_change_request_approvals" error={error} type="number" min={0} placeholder="off" value={String(draft.minimum_change_request_approvals)} onValue={(value) => set('minimum_change_request_approvals', value)} />
      {text('banner_text', 'Banner text')}
      {text('banner_colour', 'Banner colour')}
      {FLAG_SWITCHES.map(([name, label]) => (
        <Field key={name} label={label} inline error={fieldError(error, name)}>
          <input type="checkbox" checked={Boolean(draft[name])} onChange={(event) => set(name, event.target.checked)} />
        </Field>
      ))}
    </ActionForm>
  );
}

function DeleteEnvironment({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(() => api('DELETE', `/api/v2/environments/${environment.id}`).then(() => true));
  const deleteIt = async () => {
    if (!(await remove.submit())) return;
    await workspace.reload();
    const other = workspace.environments.find((candidate) => candidate.project_id === environment.project_id && candidate.id !== environment.id);
    navigate(other ? environmentPath(other.id, 'settings') : '/');
  };
  return (
    <div className="card danger-zone">
      <h2>Delete this environment</h2>
      <p>Its data, SDK key, settings and environment-specific entities are deleted. The last environment of a project cannot be deleted.</p>
      <FormError error={confirming ? undefined : remove.error} />
      <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={remove.pending}>
        Delete {environment.name}
      </button>
      {confirming ? (
        <ConfirmDialog title={`Delete environment ${environment.name}?`} confirmLabel={`Delete ${environment.name}`} action={remove} onClose={() => setConfirming(false)} onConfirm={() => void deleteIt()}>
          <p>Its data, SDK key and own entities go with it.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function ProjectName({ project }: { project: Project }) {
  const workspace = useWorkspace();
  const [name, setName] = useState(project.name);
  const rename = useAction(() => api<Project>('PATCH', `/api/v2/projects/${project.id}`, { name }));
  const submit = async () => {
    if (await rename.submit()) await workspace.reload();
  };
  return (
    <ActionForm label="Project" title="Project" action={rename} fields={['name']} submitLabel="Rename project" primary={false} onSubmit={submit}>
      <TextField label="Project name" name="name" error={rename.error} hint="The name is the project's: every environment shows it." value={name} onValue={setName} />
    </ActionForm>
  );
}
