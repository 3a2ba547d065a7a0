import { useState } from 'react';
import { api } from '../api/client';
import type { Environment, FlagStatesCopy, HiddenCohortGroup } from '../api/types';
import { ConfirmDialog } from '../form';
import { DiffTable } from '../history/diff-table';
import { Table } from '../list';
import { ErrorNote, Field, Loading, useAction, useLoad } from '../ui';
import { type CopyOptions, copyRequest, fieldText, type Selection } from './comparison';

/** A copy of flag states, previewed first: the dry run's changes (or its refusal), then the copy of exactly that request. */
export function CopyDialog({ projectId, from, to, selection, onClose, onCopied }: {
  projectId: number;
  from: Environment;
  to: Environment;
  selection: Selection;
  onClose: () => void;
  onCopied: (changed: number) => void;
}) {
  const [options, setOptions] = useState<CopyOptions>({ copyCohorts: false, includeIdentityOverrides: false });
  const url = `/api/v2/projects/${projectId}/copy_flag_states`;
  const preview = useLoad(() => api<FlagStatesCopy>('POST', url, copyRequest(from.id, to.id, selection, options, true)), [url, from.id, to.id, selection, options]);
  const copy = useAction(() => api<FlagStatesCopy>('POST', url, copyRequest(from.id, to.id, selection, options, false)));
  const confirm = async () => {
    const done = await copy.submit();
    if (done) onCopied(done.changes.length);
  };
  const hidden = preview.error?.body.code === 'cohort_not_visible' ? (preview.error.body.rollout_groups as HiddenCohortGroup[] | undefined) : undefined;
  const check = (label: string, name: keyof CopyOptions) => (
    <Field label={label} inline>
      <input type="checkbox" checked={options[name]} onChange={(event) => setOptions({ ...options, [name]: event.target.checked })} />
    </Field>
  );
  const what = selection.all ? 'every flag both see' : `${selection.ids.length} ${selection.ids.length === 1 ? 'flag' : 'flags'}`;
  return (
    <ConfirmDialog title={`Copy from ${from.name} to ${to.name}`} confirmLabel={`Copy to ${to.name}`} action={copy} danger={false} disabled={!preview.data || preview.loading} onClose={onClose} onConfirm={() => void confirm()} wide>
      <p>
        {to.name}’s state of {what} becomes {from.name}’s. The dry run below is what changes; nothing has changed yet.
      </p>
      {check(`Identity overrides too (${to.name}’s become ${from.name}’s)`, 'includeIdentityOverrides')}
      {hidden || options.copyCohorts ? check(`Copy ${from.name}’s own cohorts of these rollout groups into ${to.name}`, 'copyCohorts') : null}
      {preview.loading ? <Loading what="Previewing the copy (dry run)" /> : null}
      {hidden ? (
        <div className="form-error" role="alert" data-testid="hidden-cohorts">
          {preview.error?.detail}
          <ul>
            {hidden.map((group) => (
              <li key={`${group.flag_id}:${group.segment_id}`}>
                {group.key}: {group.cohort_name}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNote error={preview.error} />
      )}
      {preview.data && !preview.loading ? <Changes copy={preview.data} /> : null}
    </ConfirmDialog>
  );
}

function Changes({ copy }: { copy: FlagStatesCopy }) {
  if (copy.changes.length === 0) return <p data-testid="copy-preview">Nothing differs: the copy changes nothing.</p>;
  return (
    <>
      <Table
        label="What the copy changes"
        testId="copy-preview"
        rows={copy.changes}
        rowKey={(change) => change.id}
        columns={[
          { header: 'Flag', cell: (change) => change.key },
          { header: 'Changes', cell: (change) => <DiffTable label={`Changes of ${change.key}`} changes={change.differs.map((field) => ({ field, before: fieldText(field, change.before), after: fieldText(field, change.after) }))} /> },
        ]}
      />
      {copy.created.length > 0 ? <p>Copied along: {copy.created.length} of the source’s own entities (its cohorts and what they name).</p> : null}
    </>
  );
}
