import { type FormEvent, useState } from 'react';
import { all, api } from '../api/client';
import type { Environment, EventDefinition, GroupType, PropertyDefinition, PropertyType } from '../api/types';
import { Empty, ErrorNote, Field, fieldError, FormError, formatDate, Loading, useAction, useDebounced, useLoad } from '../ui';
import { useWorkspace } from '../workspace';

const PROPERTY_TYPES: PropertyType[] = ['String', 'Numeric', 'Boolean', 'DateTime'];

/** The project's taxonomy (always project-scoped): group types, event definitions, property definitions. */
export function TaxonomyPage({ environment }: { environment: Environment }) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  const [tab, setTab] = useState<'events' | 'properties' | 'groups'>('events');
  const base = `/api/v2/projects/${environment.project_id}`;
  return (
    <section>
      <h1>Taxonomy</h1>
      <p className="muted">Shared by every environment of {project?.name ?? 'the project'}: definitions appear as events arrive in any of them.</p>
      <div className="tabs" role="tablist">
        {(
          [
            ['events', 'Events'],
            ['properties', 'Properties'],
            ['groups', 'Group types'],
          ] as const
        ).map(([value, label]) => (
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

function Events({ base }: { base: string }) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  const list = useLoad(() => all<EventDefinition>(`${base}/event_definitions/${query ? `?search=${encodeURIComponent(query)}` : ''}`), [base, query]);
  return (
    <>
      <Field label="Search events">
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </Field>
      <ErrorNote error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty>No event definitions{query ? ' match' : ' yet: they appear once events are sent'}.</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th>Event</th>
              <th>Description</th>
              <th>Verified</th>
              <th className="wide-only">Last seen</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((definition) => (
              <EventRow key={definition.id} base={base} definition={definition} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function EventRow({ base, definition }: { base: string; definition: EventDefinition }) {
  const [description, setDescription] = useState(definition.description ?? '');
  const [verified, setVerified] = useState(definition.verified);
  const save = useAction(() => api<EventDefinition>('PATCH', `${base}/event_definitions/${definition.id}`, { description, verified }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.submit();
  };
  const formId = `event-${definition.id}`;
  return (
    <tr>
      <td>
        <code>{definition.name}</code>
      </td>
      <td>
        <input form={formId} aria-label={`Description of ${definition.name}`} value={description} onChange={(event) => setDescription(event.target.value)} />
        {fieldError(save.error, 'description') ? <p className="field-error">{fieldError(save.error, 'description')}</p> : null}
      </td>
      <td>
        <input form={formId} type="checkbox" aria-label={`${definition.name} verified`} checked={verified} onChange={(event) => setVerified(event.target.checked)} />
      </td>
      <td className="wide-only">{formatDate(definition.last_seen_at)}</td>
      <td>
        <form id={formId} onSubmit={submit}>
          <button type="submit" disabled={save.pending}>
            Save
          </button>
          <FormError error={save.error} fields={['description']} />
        </form>
      </td>
    </tr>
  );
}

function Properties({ base }: { base: string }) {
  const [search, setSearch] = useState('');
  const [type, setType] = useState('event');
  const query = useDebounced(search.trim());
  const list = useLoad(() => all<PropertyDefinition>(`${base}/property_definitions/?type=${type}${query ? `&search=${encodeURIComponent(query)}` : ''}`), [base, query, type]);
  return (
    <>
      <div className="filters">
        <Field label="Search properties">
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </Field>
        <Field label="Of">
          <select value={type} onChange={(event) => setType(event.target.value)}>
            <option value="event">Events</option>
            <option value="person">Persons</option>
            <option value="group">Groups</option>
          </select>
        </Field>
      </div>
      <ErrorNote error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty>No property definitions{query ? ' match' : ' yet'}.</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th>Property</th>
              <th>Type</th>
              <th>Description</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((definition) => (
              <PropertyRow key={definition.id} base={base} definition={definition} />
            ))}
          </tbody>
        </table>
      ) : null}
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
        {fieldError(save.error, 'property_type') ? <p className="field-error">{fieldError(save.error, 'property_type')}</p> : null}
      </td>
      <td>
        <input form={formId} aria-label={`Description of ${definition.name}`} value={description} onChange={(event) => setDescription(event.target.value)} />
      </td>
      <td>
        <form
          id={formId}
          onSubmit={(event) => {
            event.preventDefault();
            void save.submit();
          }}
        >
          <button type="submit" disabled={save.pending}>
            Save
          </button>
          <FormError error={save.error} fields={['property_type']} />
        </form>
      </td>
    </tr>
  );
}

function GroupTypes({ base }: { base: string }) {
  const list = useLoad(() => all<GroupType>(`${base}/group_types/`), [base]);
  return (
    <>
      <ErrorNote error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty>No group types yet: they are registered as events with groups arrive (at most 5 per project).</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th>Index</th>
              <th>Group type</th>
              <th>Singular label</th>
              <th>Plural label</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((groupType) => (
              <GroupTypeRow key={groupType.group_type_index} base={base} groupType={groupType} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function GroupTypeRow({ base, groupType }: { base: string; groupType: GroupType }) {
  const [singular, setSingular] = useState(groupType.name_singular ?? '');
  const [plural, setPlural] = useState(groupType.name_plural ?? '');
  const save = useAction(() => api<GroupType>('PATCH', `${base}/group_types/${groupType.group_type_index}`, { name_singular: singular, name_plural: plural }));
  const formId = `group-${groupType.group_type_index}`;
  return (
    <tr>
      <td>{groupType.group_type_index}</td>
      <td>
        <code>{groupType.group_type}</code>
      </td>
      <td>
        <input form={formId} aria-label={`Singular label of ${groupType.group_type}`} value={singular} onChange={(event) => setSingular(event.target.value)} />
        {fieldError(save.error, 'name_singular') ? <p className="field-error">{fieldError(save.error, 'name_singular')}</p> : null}
      </td>
      <td>
        <input form={formId} aria-label={`Plural label of ${groupType.group_type}`} value={plural} onChange={(event) => setPlural(event.target.value)} />
        {fieldError(save.error, 'name_plural') ? <p className="field-error">{fieldError(save.error, 'name_plural')}</p> : null}
      </td>
      <td>
        <form
          id={formId}
          onSubmit={(event) => {
            event.preventDefault();
            void save.submit();
          }}
        >
          <button type="submit" disabled={save.pending}>
            Rename
          </button>
          <FormError error={save.error} fields={['name_singular', 'name_plural']} />
        </form>
      </td>
    </tr>
  );
}
