import { useState } from 'react';
import { api } from '../api/client';
import type { Environment, PersonalApiKey } from '../api/types';
import { ActionForm, type FormAction, TextField } from '../form';
import { ErrorNote, Field, fieldError, formatDate, Secret, useAction } from '../ui';
import { useWorkspace } from '../workspace';

const MADE = 'strata.keysMadeThisSession';

/** Keys made in this browser session, without their secrets (the API lists none: see the README). */
function keysMade(): Omit<PersonalApiKey, 'value'>[] {
  try {
    return JSON.parse(sessionStorage.getItem(MADE) ?? '[]') as Omit<PersonalApiKey, 'value'>[];
  } catch {
    return [];
  }
}

function rememberKeys(keys: Omit<PersonalApiKey, 'value'>[]): void {
  const withoutSecrets = keys.map(({ id, label, visible_prefix, scoped_organizations, scoped_environments, created_at }) => ({
    id,
    label,
    visible_prefix,
    scoped_organizations,
    scoped_environments,
    created_at,
  }));
  sessionStorage.setItem(MADE, JSON.stringify(withoutSecrets));
}

type MadeKey = Omit<PersonalApiKey, 'value'>;

const toggled = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));

/**
 * Personal API keys: create one (optionally scoped to organizations or environments), shown once; revoke one.
 * The API lists no keys, so the page lists those made in this browser session, and revokes any other by its id.
 */
export function ApiKeysPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const [made, setMadeState] = useState<MadeKey[]>(keysMade);
  const [shown, setShown] = useState<PersonalApiKey>();
  const [revoked, setRevoked] = useState<string>();
  const setMade = (keys: MadeKey[]) => {
    rememberKeys(keys);
    setMadeState(keys);
  };
  const revoke = useAction((id: string) => api('DELETE', `/api/personal_api_keys/${encodeURIComponent(id)}`).then(() => id));
  const revokeKey = async (id: string) => {
    const done = await revoke.submit(id);
    if (!done) return false;
    setRevoked(done);
    setMade(made.filter((key) => key.id !== done));
    if (shown?.id === done) setShown(undefined);
    return true;
  };
  const created = (key: PersonalApiKey) => {
    setShown(key);
    setMade([key, ...made]);
  };
  return (
    <section>
      <h1>Personal API keys</h1>
      <p className="muted">Keys act as you ({workspace.me.email}). A key scoped to organizations or environments sees only those. Revoked keys fail at once.</p>
      <NewKey environment={environment} onCreated={created} />
      {made.map((key) => (
        <div className="card" key={key.id}>
          {shown?.id === key.id ? (
            <Secret label={`Key “${key.label}”`} value={shown.value} />
          ) : (
            <p>
              Key “{key.label}” <code>{key.visible_prefix}…</code>
            </p>
          )}
          <p className="hint">
            Id {key.id}, created {formatDate(key.created_at)}
            {key.scoped_environments ? `, environments ${key.scoped_environments.join(', ')}` : ''}
            {key.scoped_organizations ? `, organizations ${key.scoped_organizations.join(', ')}` : ''}.
          </p>
          <button type="button" className="danger" onClick={() => void revokeKey(key.id)}>
            Revoke
          </button>
        </div>
      ))}
      <RevokeById revoke={revoke} revoked={revoked} onRevoke={revokeKey} />
    </section>
  );
}

function NewKey({ environment, onCreated }: { environment: Environment; onCreated: (key: PersonalApiKey) => void }) {
  const workspace = useWorkspace();
  const [label, setLabel] = useState('');
  const [organizations, setOrganizations] = useState<string[]>([]);
  const [environments, setEnvironments] = useState<number[]>([]);
  const create = useAction(() =>
    api<PersonalApiKey>('POST', '/api/personal_api_keys/', {
      label,
      ...(organizations.length > 0 ? { scoped_organizations: organizations } : {}),
      ...(environments.length > 0 ? { scoped_environments: environments } : {}),
    }),
  );
  const submit = async () => {
    const key = await create.submit();
    if (!key) return;
    onCreated(key);
    setLabel('');
  };
  const projectName = (candidate: Environment) => workspace.projects.find((project) => project.id === candidate.project_id)?.name;
  return (
    <ActionForm label="New personal API key" title="New key" action={create} fields={['label', 'scoped_organizations', 'scoped_environments']} submitLabel="Create key" onSubmit={submit}>
      <TextField label="Label" name="label" error={create.error} value={label} onValue={setLabel} required />
      <Picker legend="Only these organizations (none: all of yours)" error={fieldError(create.error, 'scoped_organizations')}
        options={workspace.me.organizations.map((organization) => ({ value: organization.id, label: organization.name }))} selected={organizations} onChange={setOrganizations} />
      <Picker legend="Only these environments (none: all you see)" error={fieldError(create.error, 'scoped_environments')}
        options={workspace.environments.map((candidate) => ({ value: candidate.id, label: `${projectName(candidate)} / ${candidate.name}${candidate.id === environment.id ? ' (current)' : ''}` }))}
        selected={environments} onChange={setEnvironments} />
    </ActionForm>
  );
}

function Picker<T>({ legend, options, selected, onChange, error }: { legend: string; options: { value: T; label: string }[]; selected: T[]; onChange: (values: T[]) => void; error?: string }) {
  return (
    <fieldset className="picker">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={String(option.value)} className="check">
          <input type="checkbox" checked={selected.includes(option.value)} onChange={(event) => onChange(toggled(selected, option.value, event.target.checked))} />
          {option.label}
        </label>
      ))}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

function RevokeById({ revoke, revoked, onRevoke }: { revoke: FormAction; revoked: string | undefined; onRevoke: (id: string) => Promise<boolean> }) {
  const [id, setId] = useState('');
  const submit = async () => {
    if (await onRevoke(id.trim())) setId('');
  };
  return (
    <ActionForm label="Revoke a key" title="Revoke a key by its id" action={{ pending: revoke.pending, error: undefined }} submitLabel="Revoke" danger onSubmit={submit}>
      <Field label="Key id">
        <input value={id} onChange={(event) => setId(event.target.value)} required />
      </Field>
      <ErrorNote error={revoke.error} />
      {revoked ? (
        <p className="success" role="status">
          Key {revoked} revoked.
        </p>
      ) : null}
    </ActionForm>
  );
}
