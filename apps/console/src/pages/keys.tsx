import { useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, ServerKey } from '../api/types';
import { ActionForm, ConfirmDialog, TextField } from '../form';
import { ListView } from '../list';
import { ErrorNote, formatDate, Secret, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

/** The environment's SDK key (reset with confirmation) and its server-side keys. */
export function KeysPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const reset = useAction(() => api<Environment>('POST', `/api/v2/environments/${environment.id}/reset_token`, {}));
  const confirmReset = async () => {
    if (!(await reset.submit())) return;
    setConfirming(false);
    await workspace.reload();
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
        <ConfirmDialog title={`Reset the SDK key of ${environment.name}?`} confirmLabel="Reset the key" action={reset} onClose={() => setConfirming(false)} onConfirm={() => void confirmReset()}>
          <p>
            A new key replaces <code>{environment.api_token}</code>. Within a second the old key stops working: every SDK and app still using it gets no flags and
            its events are refused until it has the new key.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function ServerKeys({ environment }: { environment: Environment }) {
  const path = `/api/v2/environments/${environment.id}/server_keys/`;
  const list = useLoad(() => all<ServerKey>(path), [path]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ServerKey>();
  const [revoking, setRevoking] = useState<ServerKey>();
  const create = useAction(() => api<ServerKey>('POST', path, { name }));
  const revoke = useAction((id: string) => api('DELETE', `${path}${id}`).then(() => true));
  const submit = async () => {
    const key = await create.submit();
    if (!key) return;
    setCreated(key);
    setName('');
    list.reload();
  };
  const confirmRevoke = async (key: ServerKey) => {
    if (!(await revoke.submit(key.id))) return;
    setRevoking(undefined);
    list.reload();
  };
  return (
    <div className="card">
      <h2>Server-side keys</h2>
      <p className="hint">Secret keys for servers: they also see flags marked “server keys only”. Shown once when created.</p>
      {created?.key ? <Secret label={`Server key ${created.name}`} value={created.key} /> : null}
      <ListView
        list={list}
        empty="No server keys."
        rowKey={(key) => key.id}
        columns={[
          { header: 'Name', cell: (key) => key.name },
          { header: 'Starts with', cell: (key) => <code>{key.visible_prefix}…</code> },
          { header: 'Created', cell: (key) => formatDate(key.created_at) },
          {
            header: '',
            cell: (key) => (
              <button type="button" className="danger" onClick={() => setRevoking(key)}>
                Revoke
              </button>
            ),
          },
        ]}
      />
      <ActionForm className="compact" action={create} fields={['name']} submitLabel="Create server key" primary={false} onSubmit={submit}>
        <TextField label="New server key name" name="name" error={create.error} value={name} onValue={setName} required />
      </ActionForm>
      {revoking ? (
        <ConfirmDialog title={`Revoke server key ${revoking.name}?`} confirmLabel="Revoke the key" action={revoke} onClose={() => setRevoking(undefined)} onConfirm={() => void confirmRevoke(revoking)}>
          <p>Servers using it get 401 at once.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
