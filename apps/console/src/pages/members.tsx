import { useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, Level, Member } from '../api/types';
import { LEVELS, levelLabel } from '../api/types';
import { ActionForm, ConfirmDialog, TextField } from '../form';
import { ListView } from '../list';
import { Field, fieldError, formatDate, Secret, useAction, useLoad } from '../ui';
import { levelIn, useWorkspace } from '../workspace';

interface AddedMember {
  user: Member['user'];
  level: Level;
  personal_api_key: string | null;
}

function LevelSelect({ value, onChange, label }: { value: Level; onChange: (level: Level) => void; label?: string }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(Number(event.target.value) as Level)}>
      {LEVELS.map((entry) => (
        <option key={entry.level} value={entry.level}>
          {entry.label}
        </option>
      ))}
    </select>
  );
}

/** The organization's members with their levels; admins add, change and remove them. */
export function MembersPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const organizationId = environment.organization_id;
  const organization = workspace.me.organizations.find((candidate) => candidate.id === organizationId);
  const isAdmin = levelIn(workspace, organizationId) >= 8;
  const path = `/api/organizations/${organizationId}/members/`;
  const list = useLoad(() => all<Member>(path), [path]);
  const [removing, setRemoving] = useState<Member>();
  const change = useAction((userId: string, level: Level) => api<Member>('PATCH', `${path}${userId}`, { level }));
  const remove = useAction((userId: string) => api('DELETE', `${path}${userId}`).then(() => true));
  const confirmRemove = async (member: Member) => {
    if (!(await remove.submit(member.user.id))) return;
    setRemoving(undefined);
    list.reload();
  };
  const you = (member: Member) => member.user.id === workspace.me.id;
  return (
    <section>
      <h1>Members of {organization?.name}</h1>
      <ListView
        list={list}
        error={change.error}
        empty="No members."
        rowKey={(member) => member.user.id}
        columns={[
          { header: 'Email', cell: (member) => <>{member.user.email}{you(member) ? <span className="muted"> (you)</span> : null}</> },
          {
            header: 'Level',
            cell: (member) =>
              isAdmin ? (
                <LevelSelect label={`Level of ${member.user.email}`} value={member.level} onChange={(level) => void change.submit(member.user.id, level).then((done) => done && list.reload())} />
              ) : (
                levelLabel(member.level)
              ),
          },
          { header: 'Joined', className: 'wide-only', cell: (member) => formatDate(member.joined_at) },
          {
            header: '',
            cell: (member) =>
              isAdmin && !you(member) ? (
                <button type="button" className="danger" onClick={() => setRemoving(member)}>
                  Remove
                </button>
              ) : null,
          },
        ]}
      />
      {isAdmin ? <AddMember path={path} onAdded={list.reload} /> : null}
      {removing ? (
        <ConfirmDialog title={`Remove ${removing.user.email}?`} confirmLabel="Remove" action={remove} onClose={() => setRemoving(undefined)} onConfirm={() => void confirmRemove(removing)}>
          <p>{removing.user.email} leaves the organization and its keys stop seeing it.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function AddMember({ path, onAdded }: { path: string; onAdded: () => void }) {
  const [adding, setAdding] = useState({ email: '', level: 1 as Level });
  const [added, setAdded] = useState<AddedMember>();
  const add = useAction(() => api<AddedMember>('POST', path, adding));
  const submit = async () => {
    const member = await add.submit();
    if (!member) return;
    setAdded(member);
    setAdding({ email: '', level: 1 });
    onAdded();
  };
  return (
    <ActionForm label="Add a member" title="Add a member" action={add} fields={['email', 'level']} submitLabel="Add member" onSubmit={submit}>
      {added?.personal_api_key ? <Secret label={`First personal API key of ${added.user.email}`} value={added.personal_api_key} /> : null}
      <div className="row">
        <TextField label="Email" name="email" type="email" error={add.error} value={adding.email} onValue={(email) => setAdding({ ...adding, email })} required />
        <Field label="Level" error={fieldError(add.error, 'level')}>
          <LevelSelect value={adding.level} onChange={(level) => setAdding({ ...adding, level })} />
        </Field>
      </div>
    </ActionForm>
  );
}
