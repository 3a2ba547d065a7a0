import { useState } from 'react';
import { api } from '../api/client';
import type { ComparedFlag, Comparison, Environment } from '../api/types';
import { ListView } from '../list';
import { environmentPath, Link } from '../router';
import { Field, useLoad } from '../ui';
import { type Selection, stateFields, toggled, visibleFlags } from './comparison';
import { CopyDialog } from './copy-dialog';
import { OwnEntities } from './own-entities';

/** Every flag both environments see, each side's state with the fields that differ marked; pick flags and copy them. */
export function CompareView({ projectId, from, to, current }: { projectId: number; from: Environment; to: Environment; current: Environment }) {
  const comparison = useLoad(() => api<Comparison>('GET', `/api/v2/projects/${projectId}/compare/?base=${from.id}&head=${to.id}`), [projectId, from.id, to.id]);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [copying, setCopying] = useState<Selection>();
  const [notice, setNotice] = useState<string>();
  const flags = comparison.data ? visibleFlags(comparison.data.flags, onlyDifferences) : undefined;
  const differing = comparison.data?.flags.filter((flag) => flag.differs.length > 0).length ?? 0;
  return (
    <>
      <p className="muted" role="status">
        {comparison.data ? `${comparison.data.flags.length} flags both see; ${differing} differ.` : null} {notice}
      </p>
      <Field label="Only the flags that differ" inline>
        <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} />
      </Field>
      <ListView
        list={{ data: flags, error: comparison.error, loading: comparison.loading }}
        label={`${from.name} compared with ${to.name}`}
        testId="comparison"
        busy={comparison.loading}
        empty={onlyDifferences ? 'No flag differs.' : 'No flag is seen by both.'}
        rowKey={(flag) => flag.id}
        rowClass={(flag) => (flag.differs.length > 0 ? 'differs' : undefined)}
        columns={[
          { header: 'Pick', cell: (flag) => <input type="checkbox" aria-label={`Pick ${flag.key}`} checked={picked.includes(flag.id)} onChange={() => setPicked(toggled(picked, flag.id))} /> },
          { header: 'Flag', cell: (flag) => <Link to={environmentPath(current.id, 'feature_flags', flag.id)}>{flag.key}</Link> },
          { header: from.name, cell: (flag) => <StateFields flag={flag} side="base" /> },
          { header: to.name, cell: (flag) => <StateFields flag={flag} side="head" /> },
          {
            header: '',
            cell: (flag) =>
              flag.differs.length > 0 ? (
                <button type="button" onClick={() => setCopying({ all: false, ids: [flag.id] })}>
                  Copy {flag.key} to {to.name}…
                </button>
              ) : null,
          },
        ]}
      />
      <div className="buttons">
        <button type="button" disabled={picked.length === 0} onClick={() => setCopying({ all: false, ids: picked })}>
          Copy {picked.length} picked to {to.name}…
        </button>
        <button type="button" className="primary" disabled={!comparison.data} onClick={() => setCopying({ all: true })}>
          Copy all to {to.name}…
        </button>
      </div>
      {comparison.data ? <OwnEntities comparison={comparison.data} from={from} to={to} /> : null}
      {copying ? (
        <CopyDialog
          projectId={projectId}
          from={from}
          to={to}
          selection={copying}
          onClose={() => setCopying(undefined)}
          onCopied={(changed) => {
            setCopying(undefined);
            setPicked([]);
            setNotice(`Copied to ${to.name}: ${changed} ${changed === 1 ? 'flag' : 'flags'} changed.`);
            comparison.reload();
          }}
        />
      ) : null}
    </>
  );
}

function StateFields({ flag, side }: { flag: ComparedFlag; side: 'base' | 'head' }) {
  return (
    <ul className="state-fields">
      {stateFields(flag, side).map((entry) => (
        <li key={entry.field}>{entry.differs ? <mark>{entry.text}</mark> : entry.text}</li>
      ))}
    </ul>
  );
}
