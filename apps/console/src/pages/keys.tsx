import { type FormEvent, useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, ServerKey } from '../api/types';
import { Empty, ErrorNote, Field, fieldError, FormError, formatDate, Loading, Modal, Secret, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

/** The environment's SDK key (reset with confirmation) and its server-side keys. */
export function KeysPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const reset = useAction(() => api<Environment>('POST', `/api/v2/environments/${environment.id}/reset_token`, {}));
  const confirmReset = async () => {
    if (await reset.submit()) {
      setConfirming(false);
      await workspace.reload();
    }
  };
  return (
    <section>
      <h1>SDK keys of {environment.name}</h1>
      <div className="card">
        <h2>Client-side SDK key</h2>
        <p>
          <code data-testid="sdk-key">{environment.api_token}</code>
        </p>
        <p className="hint">Public: safe in browsers and apps. Events sent with it land in {environment.name} only.</p>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Reset SDK key
        </button>
        <ErrorNote error={confirming ? undefined : reset.error} />
      </div>
      <ServerKeys environment={environment} />
      {confirming ? (
        <Modal title={`Reset the SDK key of ${environment.name}?`} onClose={() => setConfirming(false)}>
          <p>
            A new key replaces <code>{environment.api_token}</code>. Within a second the old key stops working: every SDK and app still using it gets no flags and
            its events are refused until it has the new key.
          </p>
          <ErrorNote error={reset.error} />
          <div className="buttons">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void confirmReset()} disabled={reset.pending}>
              Reset the key
            </button>
          </div>
        </Modal>
      ) : null}
    </section>
  );
}

function ServerKeys({ environment }: { environment: Environment }) {
  const path = `/api/v2/environments/${environment.id}/server_keys/`;
  const list = useLoad(() => all<ServerKey>(path), [path]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ServerKey>();
  const create = useAction(() => api<ServerKey>('POST', path, { name }));
  const revoke = useAction((id: string) => api('DELETE', `${path}${id}`).then(() => true));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = await create.submit();
    if (key) {
      setCreated(key);
      setName('');
      list.reload();
    }
  };
  return (
    <div className="card">
      <h2>Server-side keys</h2>
      <p className="hint">Secret keys for servers: they also see flags marked “server keys only”. Shown once when created.</p>
      {created?.key ? <Secret label={`Server key ${created.name}`} value={created.key} /> : null}
      <ErrorNote error={list.error ?? revoke.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty>No server keys.</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Starts with</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.visible_prefix}…</code>
                </td>
                <td>{formatDate(key.created_at)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => window.confirm(`Revoke server key ${key.name}? Servers using it get 401 at once.`) && void revoke.submit(key.id).then((done) => done && list.reload())}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form onSubmit={submit} className="compact">
        <Field label="New server key name" error={fieldError(create.error, 'name')}>
          <input value={name} onChange={(event) => setName(event.target.value)} required />
        </Field>
        <FormError error={create.error} fields={['name']} />
        <button type="submit" disabled={create.pending}>
          Create server key
        </button>
      </form>
    </div>
  );
}
