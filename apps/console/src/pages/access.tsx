import { useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, Grant, Member } from '../api/types';
import { levelLabel } from '../api/types';
import { ActionForm, memberChoices, SelectField } from '../form';
import { ListView } from '../list';
import { ErrorNote, Field, fieldError, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

/** Who sees this environment: restricted or not, and the explicit grants of a restricted one (admins only). */
export function AccessPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const restrict = useAction((accessControl: boolean) => api<Environment>('PATCH', `/api/v2/environments/${environment.id}`, { access_control: accessControl }));
  const toggle = async () => {
    if (await restrict.submit(!environment.access_control)) await workspace.reload();
  };
  return (
    <section>
      <h1>Access to {environment.name}</h1>
      <div className="card">
        <h2>{environment.access_control ? 'Restricted' : 'Open to the organization'}</h2>
        <p>
          {environment.access_control
            ? `Only admins, owners and the members granted access below see ${environment.name}, its entities, taxonomy views and export sections. Everyone else gets “not found”.`
            : `Every member of the organization sees ${environment.name}. Restrict it to limit it to admins and the members you grant.`}
        </p>
        <button type="button" onClick={() => void toggle()} disabled={restrict.pending}>
          {environment.access_control ? 'Open to all members' : 'Restrict access'}
        </button>
        <ErrorNote error={restrict.error} />
      </div>
      <Grants environment={environment} />
    </section>
  );
}

function Grants({ environment }: { environment: Environment }) {
  const accessPath = `/api/v2/environments/${environment.id}/access/`;
  const grants = useLoad(() => api<{ results: Grant[] }>('GET', accessPath).then((page) => page.results), [accessPath]);
  const members = useLoad(() => all<Member>(`/api/organizations/${environment.organization_id}/members/`), [environment.organization_id]);
  const [adding, setAdding] = useState({ user_id: '', level: 1 as 1 | 8 });
  const grant = useAction(() => api<Grant>('POST', accessPath, adding));
  const revoke = useAction((userId: string) => api('DELETE', `${accessPath}${userId}`).then(() => true));
  const who = (userId: string) => members.data?.find((member) => member.user.id === userId)?.user.email ?? userId;
  const submit = async () => {
    if (!(await grant.submit())) return;
    setAdding({ user_id: '', level: 1 });
    grants.reload();
  };
  return (
    <div className="card">
      <h2>Grants</h2>
      <ListView
        list={grants}
        error={revoke.error}
        empty="No explicit grants."
        rowKey={(entry) => entry.user_id}
        columns={[
          { header: 'Member', cell: (entry) => who(entry.user_id) },
          { header: 'Level', cell: (entry) => levelLabel(entry.level) },
          {
            header: '',
            cell: (entry) => (
              <button type="button" className="danger" onClick={() => void revoke.submit(entry.user_id).then((done) => done && grants.reload())}>
                Withdraw
              </button>
            ),
          },
        ]}
      />
      <ActionForm className="compact" action={grant} fields={['user_id', 'level']} submitLabel="Grant access" primary={false} onSubmit={submit}>
        <div className="row">
          <SelectField
            label="Member"
            error={fieldError(grant.error, 'user_id')}
            value={adding.user_id}
            none="Choose a member"
            required
            options={memberChoices(members.data)}
            onValue={(userId) => setAdding({ ...adding, user_id: userId })}
          />
          <Field label="Level" error={fieldError(grant.error, 'level')}>
            <select value={adding.level} onChange={(event) => setAdding({ ...adding, level: Number(event.target.value) as 1 | 8 })}>
              <option value={1}>Member</option>
              <option value={8}>Admin</option>
            </select>
          </Field>
        </div>
      </ActionForm>
    </div>
  );
}
