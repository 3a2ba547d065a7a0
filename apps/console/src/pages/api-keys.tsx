import { useState } from 'react';
import { all, api, storedKey, storeKey } from '../api/client';
import type { Environment, PersonalApiKey } from '../api/types';
import { ActionForm, ConfirmDialog, TextField } from '../form';
import { ErrorNote, fieldError, formatDate, Secret, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

/** A key as the API lists it: its secret was shown once, when it was made. */
type ListedKey = Omit<PersonalApiKey, 'value'>;

const KEYS = '/api/personal_api_keys/';

const toggled = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));

/** The key this console signed in with: the prefix the API lists is the start of the secret the tab holds. */
const isThisConsole = (key: ListedKey) => storedKey()?.startsWith(key.visible_prefix) === true;

/**
 * Personal API keys: every working key of the signed-in user, as the API lists them (never a secret); create one
 * (optionally scoped to organizations or environments), shown once; revoke one from the list after confirming.
 */
export function ApiKeysPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const list = useLoad(() => all<ListedKey>(KEYS), []);
  const [shown, setShown] = useState<PersonalApiKey>();
  const [revoking, setRevoking] = useState<ListedKey>();
  const [revoked, setRevoked] = useState<ListedKey>();
  const revoke = useAction((key: ListedKey) => api('DELETE', `${KEYS}${encodeURIComponent(key.id)}`).then(() => key));
  const confirmRevoke = async (key: ListedKey) => {
    if (!(await revoke.submit(key))) return;
    // The console's own key no longer works: sign in again with another.
    if (isThisConsole(key)) {
      storeKey(null);
      window.location.assign('/');
      return;
    }
    setRevoking(undefined);
    setRevoked(key);
    if (shown?.id === key.id) setShown(undefined);
    list.reload();
  };
  const created = (key: PersonalApiKey) => {
    setShown(key);
    setRevoked(undefined);
    list.reload();
  };
  return (
    <section>
      <h1>Personal API keys</h1>
      <p className="muted">Keys act as you ({workspace.me.email}). A key scoped to organizations or environments sees only those. Revoked keys fail at once.</p>
      <NewKey environment={environment} onCreated={created} />
      {shown ? <Secret label={`Key “${shown.label}”`} value={shown.value} /> : null}
      {revoked ? (
        <p className="success" role="status">
          Key “{revoked.label}” revoked.
        </p>
      ) : null}
      <ErrorNote error={list.error} />
      {list.data?.map((key) => (
        <div className="card" key={key.id} data-testid="personal-key">
          <p>
            Key “{key.label}” <code>{key.visible_prefix}…</code>
            {isThisConsole(key) ? <span className="muted"> (this console signed in with it)</span> : null}
          </p>
          <p className="hint">
            Id {key.id}, created {formatDate(key.created_at)}
            {key.scoped_environments ? `, environments ${key.scoped_environments.join(', ')}` : ''}
            {key.scoped_organizations ? `, organizations ${key.scoped_organizations.join(', ')}` : ''}.
          </p>
          <button type="button" className="danger" onClick={() => setRevoking(key)}>
            Revoke
          </button>
        </div>
      ))}
      {revoking ? (
        <ConfirmDialog title={`Revoke key “${revoking.label}”?`} confirmLabel="Revoke the key" action={revoke} onClose={() => setRevoking(undefined)} onConfirm={() => void confirmRevoke(revoking)}>
          <p>
            Everything using <code>{revoking.visible_prefix}…</code> gets 401 at once.
            {isThisConsole(revoking) ? ' This console signed in with it: you will be asked for another key.' : ''}
          </p>
        </ConfirmDialog>
      ) : null}
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
