import { type FormEvent, useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, Level, Member } from '../api/types';
import { LEVELS, levelLabel } from '../api/types';
import { Empty, ErrorNote, Field, fieldError, FormError, formatDate, Loading, Secret, useAction, useLoad } from '../ui';
import { levelIn, useWorkspace } from '../workspace';

interface AddedMember {
  user: Member['user'];
  level: Level;
  personal_api_key: string | null;
}

/** The organization's members with their levels; admins add, change and remove them. */
export function MembersPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const organizationId = environment.organization_id;
  const organization = workspace.me.organizations.find((candidate) => candidate.id === organizationId);
  const isAdmin = levelIn(workspace, organizationId) >= 8;
  const path = `/api/organizations/${organizationId}/members/`;
  const list = useLoad(() => all<Member>(path), [path]);
  const [adding, setAdding] = useState({ email: '', level: 1 as Level });
  const [added, setAdded] = useState<AddedMember>();
  const add = useAction(() => api<AddedMember>('POST', path, adding));
  const change = useAction((userId: string, level: Level) => api<Member>('PATCH', `${path.slice(0, -1)}/${userId}`, { level }));
  const remove = useAction((userId: string) => api('DELETE', `${path.slice(0, -1)}/${userId}`).then(() => true));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const member = await add.submit();
    if (member) {
      setAdded(member);
      setAdding({ email: '', level: 1 });
      list.reload();
    }
  };

  return (
    <section>
      <h1>Members of {organization?.name}</h1>
      <ErrorNote error={list.error ?? change.error ?? remove.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty>No members.</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th>Email</th>
              <th>Level</th>
              <th className="wide-only">Joined</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((member) => (
              <tr key={member.user.id}>
                <td>
                  {member.user.email}
                  {member.user.id === workspace.me.id ? <span className="muted"> (you)</span> : null}
                </td>
                <td>
                  {isAdmin ? (
                    <select
                      aria-label={`Level of ${member.user.email}`}
                      value={member.level}
                      onChange={(event) => void change.submit(member.user.id, Number(event.target.value) as Level).then((done) => done && list.reload())}
                    >
                      {LEVELS.map((entry) => (
                        <option key={entry.level} value={entry.level}>
                          {entry.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    levelLabel(member.level)
                  )}
                </td>
                <td className="wide-only">{formatDate(member.joined_at)}</td>
                <td>
                  {isAdmin && member.user.id !== workspace.me.id ? (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => window.confirm(`Remove ${member.user.email} from the organization?`) && void remove.submit(member.user.id).then((done) => done && list.reload())}
                    >
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {isAdmin ? (
        <form className="card" onSubmit={submit} aria-label="Add a member">
          <h2>Add a member</h2>
          {added?.personal_api_key ? <Secret label={`First personal API key of ${added.user.email}`} value={added.personal_api_key} /> : null}
          <div className="row">
            <Field label="Email" error={fieldError(add.error, 'email')}>
              <input type="email" value={adding.email} onChange={(event) => setAdding({ ...adding, email: event.target.value })} required />
            </Field>
            <Field label="Level" error={fieldError(add.error, 'level')}>
              <select value={adding.level} onChange={(event) => setAdding({ ...adding, level: Number(event.target.value) as Level })}>
                {LEVELS.map((entry) => (
                  <option key={entry.level} value={entry.level}>
                    {entry.label}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <FormError error={add.error} fields={['email', 'level']} />
          <button type="submit" className="primary" disabled={add.pending}>
            Add member
          </button>
        </form>
      ) : null}
    </section>
  );
}
