import { useState } from 'react';
import { all } from '../api/client';
import type { ActivityEntry, Environment, Member } from '../api/types';
import { KINDS, kindByName } from '../entities/kinds';
import { ListView } from '../list';
import { environmentPath, Link } from '../router';
import { memberChoices, SelectField } from '../form';
import { Field, formatDate, useLoad } from '../ui';
import { type ActivityFilter, activityUrl, NO_FILTER, withinRange } from './activity-query';
import { useCursorPages } from './cursor-pages';
import { DiffTable } from './diff-table';

/** What the activity can be narrowed to: the nine entity kinds and the other kinds of change the API names (SPEC §10). */
const ACTIVITY_KINDS: { kind: string; label: string }[] = [
  ...KINDS.map((kind) => ({ kind: kind.kind, label: kind.singular })),
  { kind: 'identity_override', label: 'Identity override' },
  { kind: 'tag', label: 'Tag' },
  { kind: 'import', label: 'Import' },
  { kind: 'environment', label: 'Environment' },
  { kind: 'project', label: 'Project' },
  { kind: 'server_key', label: 'Server key' },
  { kind: 'access_grant', label: 'Access grant' },
  { kind: 'event_definition', label: 'Event definition' },
  { kind: 'property_definition', label: 'Property definition' },
  { kind: 'group_type', label: 'Group type' },
];

/** A change log (an environment's or a project's), newest first: filters, the entries with their field changes, more pages. */
export function ActivityView({ title, base, environment }: { title: string; base: string; environment: Environment }) {
  const [filter, setFilter] = useState<ActivityFilter>(NO_FILTER);
  const pages = useCursorPages<ActivityEntry>(activityUrl(base, filter));
  const range = withinRange(pages.results, filter.from);
  return (
    <section>
      <h1>{title}</h1>
      <Filters filter={filter} onChange={setFilter} organizationId={environment.organization_id} />
      <ListView
        list={{ data: pages.loading && pages.results.length === 0 ? undefined : range.entries, error: pages.error, loading: pages.loading }}
        label={title}
        testId="activity"
        busy={pages.loading}
        empty="No change matches."
        rowKey={(entry) => entry.id}
        columns={[
          { header: 'When', cell: (entry) => formatDate(entry.at) },
          { header: 'Who', cell: (entry) => (entry.actor ? (entry.actor.email ?? entry.actor.id) : <span className="muted">system</span>) },
          { header: 'What', cell: (entry) => <What entry={entry} environment={environment} /> },
          { header: 'Changes', className: 'wide-only', cell: (entry) => (entry.changes.length > 0 ? <DiffTable changes={entry.changes} label={`Changes of ${entry.name ?? entry.entity_id}`} /> : null) },
        ]}
      />
      {pages.next && !range.ended ? (
        <button type="button" onClick={pages.more} disabled={pages.loading}>
          Load older changes
        </button>
      ) : null}
    </section>
  );
}

function What({ entry, environment }: { entry: ActivityEntry; environment: Environment }) {
  const kind = kindByName(entry.kind);
  const name = entry.name ?? entry.entity_id;
  return (
    <>
      <span className="badge">{entry.action.replace(/_/g, ' ')}</span> <span className="muted">{kind?.singular ?? entry.kind.replace(/_/g, ' ')}</span>{' '}
      {kind && entry.action !== 'deleted' ? <Link to={environmentPath(environment.id, kind.collection, entry.entity_id)}>{name}</Link> : <strong>{name}</strong>}
    </>
  );
}

function Filters({ filter, onChange, organizationId }: { filter: ActivityFilter; onChange: (filter: ActivityFilter) => void; organizationId: string }) {
  const members = useLoad(() => all<Member>(`/api/organizations/${organizationId}/members/`), [organizationId]);
  const set = (change: Partial<ActivityFilter>) => onChange({ ...filter, ...change });
  return (
    <div className="filters" role="search">
      <SelectField label="Kind" value={filter.kind} none="Every kind" options={ACTIVITY_KINDS.map((entry) => ({ value: entry.kind, label: entry.label }))} onValue={(kind) => set({ kind })} />
      <SelectField label="Who" value={filter.actor} none="Anyone" options={memberChoices(members.data)} onValue={(actor) => set({ actor })} />
      <Field label="From">
        <input type="datetime-local" value={filter.from} onChange={(event) => set({ from: event.target.value })} />
      </Field>
      <Field label="Until">
        <input type="datetime-local" value={filter.to} onChange={(event) => set({ to: event.target.value })} />
      </Field>
      <SelectField label="Per page" value={filter.limit} options={[10, 25, 100].map((limit) => ({ value: limit, label: String(limit) }))} onValue={(limit) => set({ limit: Number(limit) })} />
    </div>
  );
}
