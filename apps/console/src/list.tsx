import { Fragment, type ReactNode } from 'react';
import type { ApiError } from './api/client';
import { Empty, ErrorNote, Loading } from './ui';

/** A column of a list: its heading and what each row shows in it (`wide-only` columns hide in a narrow window). */
export interface Column<T> {
  header: ReactNode;
  cell?: (row: T) => ReactNode;
  className?: string;
}

export interface TableProps<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string | number;
  /** A row of its own (one that keeps state, such as an inline form); else the columns' cells. */
  row?: (row: T) => ReactNode;
  label?: string;
  caption?: ReactNode;
  className?: string;
  testId?: string;
  busy?: boolean;
  /** A class for a row of cells (a highlighted difference). */
  rowClass?: (row: T) => string | undefined;
}

/** Every list of the console: one table shape, one look. */
export function Table<T>({ rows, columns, rowKey, row, label, caption, className = 'list', testId, busy, rowClass }: TableProps<T>) {
  return (
    <table className={className} aria-label={label} data-testid={testId} aria-busy={busy}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column, at) => (
            <th key={at} className={column.className}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((item, index) =>
          row ? (
            <Fragment key={rowKey(item, index)}>{row(item)}</Fragment>
          ) : (
            <tr key={rowKey(item, index)} className={rowClass?.(item)}>
              {columns.map((column, at) => (
                <td key={at} className={column.className}>
                  {column.cell?.(item)}
                </td>
              ))}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** A loaded list: its error, "Loading…" the first time, the empty note, else the table. */
export function ListView<T>({ list, empty, error, ...table }: Omit<TableProps<T>, 'rows'> & {
  list: { data?: T[]; error?: ApiError; loading: boolean };
  empty: ReactNode;
  /** An error of an action on the list (a removal) shown with the list's own. */
  error?: ApiError;
}) {
  return (
    <>
      <ErrorNote error={list.error ?? error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty>{empty}</Empty> : null}
      {list.data && list.data.length > 0 ? <Table {...table} rows={list.data} /> : null}
    </>
  );
}
