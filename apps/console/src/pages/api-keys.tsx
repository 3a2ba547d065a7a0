import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Environment, PersonalApiKey } from '../api/types';
import { ErrorNote, Field, fieldError, FormError, formatDate, Secret, useAction } from '../ui';
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

/**
 * Personal API keys: create one (optionally scoped to organizations or environments), shown once; revoke one.
 * The API lists no keys, so the page lists those made in this browser session, and revokes any other by its id.
 */
export function ApiKeysPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const [label, setLabel] = useState('');
  const [organizations, setOrganizations] = useState<string[]>([]);
  const [environments, setEnvironments] = useState<number[]>([]);
  const [made, setMadeState] = useState<Omit<PersonalApiKey, 'value'>[]>(keysMade);
  const [shown, setShown] = useState<PersonalApiKey>();
  const setMade = (keys: Omit<PersonalApiKey, 'value'>[]) => {
    rememberKeys(keys);
    setMadeState(keys);
  };
  const [revokeId, setRevokeId] = useState('');
  const [revoked, setRevoked] = useState<string>();
  const create = useAction(() =>
    api<PersonalApiKey>('POST', '/api/personal_api_keys/', {
      label,
      ...(organizations.length > 0 ? { scoped_organizations: organizations } : {}),
      ...(environments.length > 0 ? { scoped_environments: environments } : {}),
    }),
  );
  const revoke = useAction((id: string) => api('DELETE', `/api/personal_api_keys/${encodeURIComponent(id)}`).then(() => id));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = await create.submit();
    if (key) {
      setShown(key);
      setMade([key, ...made]);
      setLabel('');
    }
  };
  const revokeKey = async (id: string) => {
    const done = await revoke.submit(id);
    if (done) {
      setRevoked(done);
      setMade(made.filter((key) => key.id !== done));
      if (shown?.id === done) setShown(undefined);
      setRevokeId('');
    }
  };
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));

  return (
    <section>
      <h1>Personal API keys</h1>
      <p className="muted">Keys act as you ({workspace.me.email}). A key scoped to organizations or environments sees only those. Revoked keys fail at once.</p>
      <form className="card" onSubmit={submit} aria-label="New personal API key">
        <h2>New key</h2>
        <Field label="Label" error={fieldError(create.error, 'label')}>
          <input value={label} onChange={(event) => setLabel(event.target.value)} required />
        </Field>
        <fieldset className="picker">
          <legend>Only these organizations (none: all of yours)</legend>
          {workspace.me.organizations.map((organization) => (
            <label key={organization.id} className="check">
              <input type="checkbox" checked={organizations.includes(organization.id)} onChange={(event) => setOrganizations(toggle(organizations, organization.id, event.target.checked))} />
              {organization.name}
            </label>
          ))}
          {fieldError(create.error, 'scoped_organizations') ? <p className="field-error">{fieldError(create.error, 'scoped_organizations')}</p> : null}
        </fieldset>
        <fieldset className="picker">
          <legend>Only these environments (none: all you see)</legend>
          {workspace.environments.map((candidate) => (
            <label key={candidate.id} className="check">
              <input type="checkbox" checked={environments.includes(candidate.id)} onChange={(event) => setEnvironments(toggle(environments, candidate.id, event.target.checked))} />
              {workspace.projects.find((project) => project.id === candidate.project_id)?.name} / {candidate.name}
              {candidate.id === environment.id ? ' (current)' : ''}
            </label>
          ))}
          {fieldError(create.error, 'scoped_environments') ? <p className="field-error">{fieldError(create.error, 'scoped_environments')}</p> : null}
        </fieldset>
        <FormError error={create.error} fields={['label', 'scoped_organizations', 'scoped_environments']} />
        <button type="submit" className="primary" disabled={create.pending}>
          Create key
        </button>
      </form>
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
      <form
        className="card"
        aria-label="Revoke a key"
        onSubmit={(event) => {
          event.preventDefault();
          void revokeKey(revokeId.trim());
        }}
      >
        <h2>Revoke a key by its id</h2>
        <Field label="Key id">
          <input value={revokeId} onChange={(event) => setRevokeId(event.target.value)} required />
        </Field>
        <ErrorNote error={revoke.error} />
        {revoked ? (
          <p className="success" role="status">
            Key {revoked} revoked.
          </p>
        ) : null}
        <button type="submit" className="danger" disabled={revoke.pending}>
          Revoke
        </button>
      </form>
    </section>
  );
}
