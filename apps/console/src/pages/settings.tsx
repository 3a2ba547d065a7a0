import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Environment, Project } from '../api/types';
import { environmentPath, navigate } from '../router';
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

/** This environment's own settings (never shared), and the project's name. */
export function SettingsPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  const initial = {
    name: environment.name,
    timezone: environment.timezone,
    app_urls: environment.app_urls.join('\n'),
    recording_domains: environment.recording_domains.join('\n'),
    minimum_change_request_approvals: environment.minimum_change_request_approvals ?? '',
    banner_text: environment.banner_text ?? '',
    banner_colour: environment.banner_colour ?? '',
    ...Object.fromEntries(FLAG_SWITCHES.map(([name]) => [name, environment[name] ?? false])),
  } as Record<string, string | number | boolean>;
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  // Only what changed is sent: a field left alone keeps its value, even one the form shows differently (null as empty).
  const save = useAction(async () => {
    const changes: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(draft)) {
      if (value === initial[name]) continue;
      if (name === 'app_urls' || name === 'recording_domains') changes[name] = lines(String(value));
      else if (name === 'minimum_change_request_approvals') changes[name] = value === '' ? null : Number(value);
      else if ((name === 'banner_text' || name === 'banner_colour') && value === '') changes[name] = null;
      else changes[name] = value;
    }
    return api<Environment>('PATCH', `/api/v2/environments/${environment.id}`, changes);
  });
  const remove = useAction(() => api('DELETE', `/api/v2/environments/${environment.id}`).then(() => true));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await save.submit()) {
      setSaved(true);
      await workspace.reload();
    }
  };
  const deleteIt = async () => {
    if (!window.confirm(`Delete environment ${environment.name}? Its data, SDK key and own entities go with it.`)) return;
    if (await remove.submit()) {
      await workspace.reload();
      const other = workspace.environments.find((candidate) => candidate.project_id === environment.project_id && candidate.id !== environment.id);
      navigate(other ? environmentPath(other.id, 'settings') : '/');
    }
  };
  const set = (name: string, value: string | number | boolean) => setDraft({ ...draft, [name]: value });
  const error = save.error;
  const text = (name: string, label: string, hint?: string) => (
    <Field label={label} error={fieldError(error, name)} hint={hint}>
      <input value={String(draft[name])} onChange={(event) => set(name, event.target.value)} />
    </Field>
  );
  const list = (name: string, label: string) => (
    <Field label={label} error={fieldError(error, name)} hint="One per line.">
      <textarea rows={3} value={String(draft[name])} onChange={(event) => set(name, event.target.value)} />
    </Field>
  );

  return (
    <section>
      <h1>Settings of {environment.name}</h1>
      <p className="muted">These belong to {environment.name} alone; other environments of the project keep their own.</p>
      <form className="card" onSubmit={submit} aria-label="Environment settings">
        {text('name', 'Name')}
        {text('timezone', 'Timezone', 'An IANA name such as Europe/Paris.')}
        {list('app_urls', 'Toolbar authorized URLs')}
        {list('recording_domains', 'Replay authorized domains')}
        <Field label="Minimum change request approvals" error={fieldError(error, 'minimum_change_request_approvals')}>
          <input type="number" min={0} placeholder="off" value={String(draft.minimum_change_request_approvals)} onChange={(event) => set('minimum_change_request_approvals', event.target.value)} />
        </Field>
        {text('banner_text', 'Banner text')}
        {text('banner_colour', 'Banner colour')}
        {FLAG_SWITCHES.map(([name, label]) => (
          <Field key={name} label={label} inline error={fieldError(error, name)}>
            <input type="checkbox" checked={Boolean(draft[name])} onChange={(event) => set(name, event.target.checked)} />
          </Field>
        ))}
        <FormError error={error} fields={['name', 'timezone', 'app_urls', 'recording_domains', 'minimum_change_request_approvals', 'banner_text', 'banner_colour', ...FLAG_SWITCHES.map(([name]) => name)]} />
        {saved ? (
          <p className="success" role="status">
            Saved.
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={save.pending}>
          Save settings
        </button>
      </form>
      {project ? <ProjectName project={project} /> : null}
      <div className="card danger-zone">
        <h2>Delete this environment</h2>
        <p>Its data, SDK key, settings and environment-specific entities are deleted. The last environment of a project cannot be deleted.</p>
        <FormError error={remove.error} />
        <button type="button" className="danger" onClick={() => void deleteIt()} disabled={remove.pending}>
          Delete {environment.name}
        </button>
      </div>
    </section>
  );
}

function ProjectName({ project }: { project: Project }) {
  const workspace = useWorkspace();
  const [name, setName] = useState(project.name);
  const rename = useAction(() => api<Project>('PATCH', `/api/v2/projects/${project.id}`, { name }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await rename.submit()) await workspace.reload();
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Project">
      <h2>Project</h2>
      <Field label="Project name" error={fieldError(rename.error, 'name')} hint="The name is the project's: every environment shows it.">
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </Field>
      <FormError error={rename.error} fields={['name']} />
      <button type="submit" disabled={rename.pending}>
        Rename project
      </button>
    </form>
  );
}
