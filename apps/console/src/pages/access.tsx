import { type FormEvent, useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, Grant, Member } from '../api/types';
import { levelLabel } from '../api/types';
import { Empty, ErrorNote, Field, fieldError, FormError, Loading, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

/** Who sees this environment: restricted or not, and the explicit grants of a restricted one (admins only). */
export function AccessPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const accessPath = `/api/v2/environments/${environment.id}/access/`;
  const grants = useLoad(() => api<{ results: Grant[] }>('GET', accessPath).then((page) => page.results), [accessPath]);
  const members = useLoad(() => all<Member>(`/api/organizations/${environment.organization_id}/members/`), [environment.organization_id]);
  const restrict = useAction((accessControl: boolean) => api<Environment>('PATCH', `/api/v2/environments/${environment.id}`, { access_control: accessControl }));
  const [adding, setAdding] = useState({ user_id: '', level: 1 as 1 | 8 });
  const grant = useAction(() => api<Grant>('POST', accessPath, adding));
  const revoke = useAction((userId: string) => api('DELETE', `${accessPath}${userId}`).then(() => true));
  const who = (userId: string) => members.data?.find((member) => member.user.id === userId)?.user.email ?? userId;

  const toggle = async () => {
    if (await restrict.submit(!environment.access_control)) await workspace.reload();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await grant.submit()) {
      setAdding({ user_id: '', level: 1 });
      grants.reload();
    }
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
      <div className="card">
        <h2>Grants</h2>
        <ErrorNote error={grants.error ?? revoke.error} />
        {grants.loading && !grants.data ? <Loading /> : null}
        {grants.data?.length === 0 ? <Empty>No explicit grants.</Empty> : null}
        {grants.data && grants.data.length > 0 ? (
          <table className="list">
            <thead>
              <tr>
                <th>Member</th>
                <th>Level</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {grants.data.map((entry) => (
                <tr key={entry.user_id}>
                  <td>{who(entry.user_id)}</td>
                  <td>{levelLabel(entry.level)}</td>
                  <td>
                    <button type="button" className="danger" onClick={() => void revoke.submit(entry.user_id).then((done) => done && grants.reload())}>
                      Withdraw
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <form onSubmit={submit} className="compact">
          <div className="row">
            <Field label="Member" error={fieldError(grant.error, 'user_id')}>
              <select value={adding.user_id} onChange={(event) => setAdding({ ...adding, user_id: event.target.value })} required>
                <option value="">Choose a member</option>
                {members.data?.map((member) => (
                  <option key={member.user.id} value={member.user.id}>
                    {member.user.email}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Level" error={fieldError(grant.error, 'level')}>
              <select value={adding.level} onChange={(event) => setAdding({ ...adding, level: Number(event.target.value) as 1 | 8 })}>
                <option value={1}>Member</option>
                <option value={8}>Admin</option>
              </select>
            </Field>
          </div>
          <FormError error={grant.error} fields={['user_id', 'level']} />
          <button type="submit" disabled={grant.pending}>
            Grant access
          </button>
        </form>
      </div>
    </section>
  );
}
