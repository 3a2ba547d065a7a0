import { useState } from 'react';
import { api } from '../api/client';
import type { Restored, VersionEntry } from '../api/types';
import { ConfirmDialog } from '../form';
import { ListView } from '../list';
import { ErrorNote, formatDate, Loading, useAction, useLoad } from '../ui';
import { useCursorPages } from './cursor-pages';
import { DiffTable } from './diff-table';

/**
 * The versions of an entity or of a flag's state (`path` is either; both have `history/` and `restore`), newest first,
 * each with the fields it changed, and "Restore this version" behind a dialog showing its dry run; read afresh at each
 * new `version` of what it shows.
 */
export function HistoryPanel({ path, title, version, onRestored }: { path: string; title: string; version: number | undefined; onRestored: () => void }) {
  const pages = useCursorPages<VersionEntry>(`${path}/history/`, version);
  const [restoring, setRestoring] = useState<number>();
  const newest = pages.results[0]?.version;
  return (
    <details className="history" aria-label={title}>
      <summary>{title}</summary>
      <ListView
        list={{ data: pages.loading && pages.results.length === 0 ? undefined : pages.results, error: pages.error, loading: pages.loading }}
        label={title}
        empty="No version yet."
        rowKey={(entry) => entry.version}
        columns={[
          { header: 'Version', cell: (entry) => entry.version },
          { header: 'When', cell: (entry) => formatDate(entry.at) },
          { header: 'Who', cell: (entry) => entry.actor?.email ?? <span className="muted">system</span> },
          { header: 'What', cell: (entry) => entry.action.replace(/_/g, ' ') },
          { header: 'Changes', cell: (entry) => <DiffTable changes={entry.changes} label={`Changes of version ${entry.version}`} /> },
          {
            header: '',
            cell: (entry) =>
              entry.version === newest ? (
                <span className="muted">current</span>
              ) : (
                <button type="button" onClick={() => setRestoring(entry.version)}>
                  Restore version {entry.version}
                </button>
              ),
          },
        ]}
      />
      {pages.next ? (
        <button type="button" onClick={pages.more} disabled={pages.loading}>
          Older versions
        </button>
      ) : null}
      {restoring !== undefined && newest !== undefined ? (
        <RestoreDialog path={path} version={restoring} current={newest} onClose={() => setRestoring(undefined)} onRestored={() => (setRestoring(undefined), pages.reload(), onRestored())} />
      ) : null}
    </details>
  );
}

/** The dry run first: what restoring the version would change, then the restore itself (as of the newest version read). */
function RestoreDialog({ path, version, current, onClose, onRestored }: { path: string; version: number; current: number; onClose: () => void; onRestored: () => void }) {
  const preview = useLoad(() => api<Restored<unknown>>('POST', `${path}/restore`, { version, dry_run: true }), [path, version]);
  const restore = useAction(() => api<Restored<unknown>>('POST', `${path}/restore`, { version }, { version: current }));
  const confirm = async () => {
    if (await restore.submit()) onRestored();
  };
  return (
    <ConfirmDialog title={`Restore version ${version}?`} confirmLabel={`Restore version ${version}`} action={restore} danger={false} disabled={!preview.data} onClose={onClose} onConfirm={() => void confirm()} wide>
      {preview.loading ? <Loading what="Checking what it changes (dry run)" /> : null}
      <ErrorNote error={preview.error} />
      {preview.data ? (
        <>
          <p>The dry run: restoring makes these changes now, as a new version (nothing has changed yet).</p>
          <DiffTable changes={preview.data.changes} label="What the restore changes" testId="restore-preview" />
        </>
      ) : null}
    </ConfirmDialog>
  );
}
