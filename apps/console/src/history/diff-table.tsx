import type { FieldChange } from '../api/types';
import { Table } from '../list';
import { diffRows, NONE } from './field-diff';

const value = (text: string, Mark: 'del' | 'ins') => (text === NONE ? <span className="muted">{NONE}</span> : <Mark>{text}</Mark>);

/** A change's fields, each leaf that changed with its value before and after. */
export function DiffTable({ changes, label, testId }: { changes: FieldChange[]; label: string; testId?: string }) {
  const rows = diffRows(changes);
  if (rows.length === 0) return <span className="muted">No field changed.</span>;
  return (
    <Table
      className="list diff"
      label={label}
      testId={testId}
      rows={rows}
      rowKey={(row) => row.field}
      columns={[
        { header: 'Field', cell: (row) => <code>{row.field}</code> },
        { header: 'Before', className: 'before', cell: (row) => value(row.before, 'del') },
        { header: 'After', className: 'after', cell: (row) => value(row.after, 'ins') },
      ]}
    />
  );
}
