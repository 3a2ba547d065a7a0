import { type ReactNode, useState } from 'react';
import { all, api, type ApiError } from '../api/client';
import type { Environment, EventDefinition, GroupType, PropertyDefinition, PropertyType } from '../api/types';
import { ListView } from '../list';
import { Field, fieldError, FormError, formatDate, useAction, useDebounced, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

const PROPERTY_TYPES: PropertyType[] = ['String', 'Numeric', 'Boolean', 'DateTime'];
const TABS = [
  ['events', 'Events'],
  ['properties', 'Properties'],
  ['groups', 'Group types'],
] as const;

/** The project's taxonomy (always project-scoped): group types, event definitions, property definitions. */
export function TaxonomyPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  const [tab, setTab] = useState<(typeof TABS)[number][0]>('events');
  const base = `/api/v2/projects/${environment.project_id}`;
  return (
    <section>
      <h1>Taxonomy</h1>
      <p className="muted">Shared by every environment of {project?.name ?? 'the project'}: definitions appear as events arrive in any of them.</p>
      <div className="tabs" role="tablist">
        {TABS.map(([value, label]) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} onClick={() => setTab(value)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'events' ? <Events base={base} /> : null}
      {tab === 'properties' ? <Properties base={base} /> : null}
      {tab === 'groups' ? <GroupTypes base={base} /> : null}
    </section>
  );
}

function useSearch(): [ReactNode, string] {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  return [<input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />, query];
}

const searchOf = (query: string, separator: '?' | '&') => (query ? `${separator}search=${encodeURIComponent(query)}` : '');

function Events({ base }: { base: string }) {
  const [input, query] = useSearch();
  const list = useLoad(() => all<EventDefinition>(`${base}/event_definitions/${searchOf(query, '?')}`), [base, query]);
  return (
    <>
      <Field label="Search events">{input}</Field>
      <ListView
        list={list}
        empty={`No event definitions${query ? ' match' : ' yet: they appear once events are sent'}.`}
        columns={[{ header: 'Event' }, { header: 'Description' }, { header: 'Verified' }, { header: 'Last seen', className: 'wide-only' }, { header: '' }]}
        rowKey={(definition) => definition.id}
        row={(definition) => <EventRow base={base} definition={definition} />}
      />
    </>
  );
}

/** An inline edit of one row: its inputs name the form held in the last cell, which saves and shows what failed. */
function SaveCell({ id, action, label, fields, onSave }: { id: string; action: { pending: boolean; error: ApiError | undefined }; label: string; fields: string[]; onSave: () => void }) {
  return (
    <td>
      <form id={id} onSubmit={(event) => (event.preventDefault(), onSave())}>
        <button type="submit" disabled={action.pending}>
          {label}
        </button>
        <FormError error={action.error} fields={fields} />
      </form>
    </td>
  );
}

function CellError({ error, field }: { error: ApiError | undefined; field: string }) {
  const message = fieldError(error, field);
  return message ? <p className="field-error">{message}</p> : null;
}

function EventRow({ base, definition }: { base: string; definition: EventDefinition }) {
  const [description, setDescription] = useState(definition.description ?? '');
  const [verified, setVerified] = useState(definition.verified);
  const save = useAction(() => api<EventDefinition>('PATCH', `${base}/event_definitions/${definition.id}`, { description, verified }));
  const formId = `event-${definition.id}`;
  return (
    <tr>
      <td>
        <code>{definition.name}</code>
      </td>
      <td>
        <input form={formId} aria-label={`Description of ${definition.name}`} value={description} onChange={(event) => setDescription(event.target.value)} />
        <CellError error={save.error} field="description" />
      </td>
      <td>
        <input form={formId} type="checkbox" aria-label={`${definition.name} verified`} checked={verified} onChange={(event) => setVerified(event.target.checked)} />
      </td>
      <td className="wide-only">{formatDate(definition.last_seen_at)}</td>
      <SaveCell id={formId} action={save} label="Save" fields={['description']} onSave={() => void save.submit()} />
    </tr>
  );
}

function Properties({ base }: { base: string }) {
  const [input, query] = useSearch();
  const [type, setType] = useState('event');
  const list = useLoad(() => all<PropertyDefinition>(`${base}/property_definitions/?type=${type}${searchOf(query, '&')}`), [base, query, type]);
  return (
    <>
      <div className="filters">
        <Field label="Search properties">{input}</Field>
        <Field label="Of">
          <select value={type} onChange={(event) => setType(event.target.value)}>
            <option value="event">Events</option>
            <option value="person">Persons</option>
            <option value="group">Groups</option>
          </select>
        </Field>
      </div>
      <ListView
        list={list}
        empty={`No property definitions${query ? ' match' : ' yet'}.`}
        columns={[{ header: 'Property' }, { header: 'Type' }, { header: 'Description' }, { header: '' }]}
        rowKey={(definition) => definition.id}
        row={(definition) => <PropertyRow base={base} definition={definition} />}
      />
    </>
  );
}

function PropertyRow({ base, definition }: { base: string; definition: PropertyDefinition }) {
  const [propertyType, setPropertyType] = useState<PropertyType | ''>(definition.property_type ?? '');
  const [description, setDescription] = useState(definition.description ?? '');
  const save = useAction(() =>
    api<PropertyDefinition>('PATCH', `${base}/property_definitions/${definition.id}`, { description, ...(propertyType ? { property_type: propertyType } : {}) }),
  );
  const formId = `property-${definition.id}`;
  return (
    <tr>
      <td>
        <code>{definition.name}</code>
        {definition.group_type_index !== null ? <span className="muted"> group {definition.group_type_index}</span> : null}
      </td>
      <td>
        <select form={formId} aria-label={`Type of ${definition.name}`} value={propertyType} onChange={(event) => setPropertyType(event.target.value as PropertyType)}>
          <option value="">Not detected</option>
          {PROPERTY_TYPES.map((candidate) => (
            <option key={candidate}>{candidate}</option>
          ))}
        </select>
        <CellError error={save.error} field="property_type" />
      </td>
      <td>
        <input form={formId} aria-label={`Description of ${definition.name}`} value={description} onChange={(event) => setDescription(event.target.value)} />
      </td>
      <SaveCell id={formId} action={save} label="Save" fields={['property_type']} onSave={() => void save.submit()} />
    </tr>
  );
}

function GroupTypes({ base }: { base: string }) {
  const list = useLoad(() => all<GroupType>(`${base}/group_types/`), [base]);
  return (
    <ListView
      list={list}
      empty="No group types yet: they are registered as events with groups arrive (at most 5 per project)."
      columns={[{ header: 'Index' }, { header: 'Group type' }, { header: 'Singular label' }, { header: 'Plural label' }, { header: '' }]}
      rowKey={(groupType) => groupType.group_type_index}
      row={(groupType) => <GroupTypeRow base={base} groupType={groupType} />}
    />
  );
}

function GroupTypeRow({ base, groupType }: { base: string; groupType: GroupType }) {
  const [labels, setLabels] = useState({ name_singular: groupType.name_singular ?? '', name_plural: groupType.name_plural ?? '' });
  const save = useAction(() => api<GroupType>('PATCH', `${base}/group_types/${groupType.group_type_index}`, labels));
  const formId = `group-${groupType.group_type_index}`;
  const label = (field: keyof typeof labels, what: string) => (
    <td>
      <input form={formId} aria-label={`${what} label of ${groupType.group_type}`} value={labels[field]} onChange={(event) => setLabels({ ...labels, [field]: event.target.value })} />
      <CellError error={save.error} field={field} />
    </td>
  );
  return (
    <tr>
      <td>{groupType.group_type_index}</td>
      <td>
        <code>{groupType.group_type}</code>
      </td>
      {label('name_singular', 'Singular')}
      {label('name_plural', 'Plural')}
      <SaveCell id={formId} action={save} label="Rename" fields={['name_singular', 'name_plural']} onSave={() => void save.submit()} />
    </tr>
  );
}
