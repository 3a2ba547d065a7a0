import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Entity, Environment } from '../api/types';
import { Field, fieldError, FormError, Loading, Modal, ScopeBadge, useAction, useLoad } from '../ui';
import { displayName, environmentIndex, type Kind, type KindName, ofKind } from './kinds';

const OPERATORS = ['EQUAL', 'NOT_EQUAL', 'GREATER_THAN', 'GREATER_THAN_INCLUSIVE', 'LESS_THAN', 'LESS_THAN_INCLUSIVE', 'CONTAINS', 'NOT_CONTAINS', 'REGEX', 'IN', 'IS_SET', 'IS_NOT_SET', 'MODULO', 'PERCENTAGE_SPLIT'];

interface Draft {
  name: string;
  description: string;
  tags: string;
  insights: string[];
  actions: string[];
  cohorts: string[];
  flag: string;
  event: string;
  url: string;
  property: string;
  operator: string;
  value: string;
  defaultEnabled: boolean;
  initialValue: string;
  serverKeyOnly: boolean;
  surveyType: string;
}

const EMPTY: Draft = {
  name: '', description: '', tags: '', insights: [], actions: [], cohorts: [], flag: '', event: '', url: '', property: '', operator: 'EQUAL', value: '',
  defaultEnabled: false, initialValue: '', serverKeyOnly: false, surveyType: 'popover',
};

/** The create body of a kind from the form (SPEC §4.4's fields; references by id). */
function bodyOf(kind: KindName, draft: Draft): Record<string, unknown> {
  const common = { ...(draft.description ? { description: draft.description } : {}), tags: draft.tags.split(',').map((tag) => tag.trim()).filter(Boolean) };
  const named = { name: draft.name, ...common };
  const filters = { action_ids: draft.actions, cohort_ids: draft.cohorts };
  switch (kind) {
    case 'dashboard':
      return { ...named, tiles: draft.insights.map((insight_id) => ({ insight_id })) };
    case 'insight':
    case 'session_recording_playlist':
      return { ...named, filters };
    case 'action':
      return { ...named, steps: draft.event || draft.url ? [{ ...(draft.event ? { event: draft.event } : {}), ...(draft.url ? { url: draft.url, url_matching: 'contains' } : {}) }] : [] };
    case 'cohort': {
      const conditions = [
        ...(draft.property ? [{ property_: draft.property, operator: draft.operator, value: draft.value }] : []),
        ...draft.cohorts.map((id) => ({ property_: '', operator: 'IN_COHORT', value: id })),
        ...draft.actions.map((id) => ({ property_: '', operator: 'PERFORMED_ACTION', value: id })),
      ];
      return { ...named, rules: [{ type: 'ALL', rules: [], conditions }] };
    }
    case 'feature_flag':
      return { key: draft.name, ...common, default_enabled: draft.defaultEnabled, ...(draft.initialValue ? { initial_value: draft.initialValue } : {}), is_server_key_only: draft.serverKeyOnly };
    case 'experiment':
    case 'early_access_feature':
      return { ...named, feature_flag_id: draft.flag };
    case 'survey':
      return { ...named, type: draft.surveyType, ...(draft.flag ? { linked_flag_id: draft.flag } : {}) };
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** A new entity of a kind in this environment: environment-specific, as every new entity is until promoted. */
export function EntityForm({ environment, kind, onClose, onSaved }: { environment: Environment; kind: Kind; onClose: () => void; onSaved: (entity: Entity) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const index = useLoad(() => environmentIndex(environment.id), [environment.id]);
  const create = useAction(() => api<Entity>('POST', `/api/v2/environments/${environment.id}/${kind.collection}/`, bodyOf(kind.kind, draft)));
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [name]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const entity = await create.submit();
    if (entity) onSaved(entity);
  };
  const error = create.error;
  const isFlag = kind.kind === 'feature_flag';
  const picker = (label: string, refKind: KindName, field: 'insights' | 'actions' | 'cohorts', attr: string) => (
    <RefPicker label={label} entities={ofKind(index.data, refKind)} selected={draft[field]} onChange={(ids) => set(field, ids)} error={fieldError(error, attr)} />
  );
  const flags = ofKind(index.data, 'feature_flag');

  return (
    <Modal title={`New ${kind.singular.toLowerCase()} in ${environment.name}`} onClose={onClose} wide>
      <form onSubmit={submit}>
        <Field label={isFlag ? 'Key' : 'Name'} error={fieldError(error, isFlag ? 'key' : 'name')}>
          <input value={draft.name} onChange={(event) => set('name', event.target.value)} required />
        </Field>
        <Field label="Description" error={fieldError(error, 'description')}>
          <input value={draft.description} onChange={(event) => set('description', event.target.value)} />
        </Field>
        <Field label="Tags (comma-separated)" error={fieldError(error, 'tags')}>
          <input value={draft.tags} onChange={(event) => set('tags', event.target.value)} />
        </Field>
        {index.loading && !index.data ? <Loading what="Loading what it can reference" /> : null}
        {kind.kind === 'dashboard' ? picker('Insights on the dashboard', 'insight', 'insights', 'tiles') : null}
        {kind.kind === 'insight' || kind.kind === 'session_recording_playlist' ? (
          <>
            {picker('Actions', 'action', 'actions', 'filters.action_ids')}
            {picker('Cohorts', 'cohort', 'cohorts', 'filters.cohort_ids')}
          </>
        ) : null}
        {kind.kind === 'action' ? (
          <>
            <Field label="Event" error={fieldError(error, 'steps')}>
              <input value={draft.event} onChange={(event) => set('event', event.target.value)} placeholder="$pageview" />
            </Field>
            <Field label="URL contains">
              <input value={draft.url} onChange={(event) => set('url', event.target.value)} />
            </Field>
          </>
        ) : null}
        {kind.kind === 'cohort' ? (
          <fieldset>
            <legend>Who is in it (all of these)</legend>
            <div className="row">
              <Field label="Property" error={fieldError(error, 'rules')}>
                <input value={draft.property} onChange={(event) => set('property', event.target.value)} placeholder="plan" />
              </Field>
              <Field label="Operator">
                <select value={draft.operator} onChange={(event) => set('operator', event.target.value)}>
                  {OPERATORS.map((operator) => (
                    <option key={operator}>{operator}</option>
                  ))}
                </select>
              </Field>
              <Field label="Value">
                <input value={draft.value} onChange={(event) => set('value', event.target.value)} />
              </Field>
            </div>
            {picker('In cohorts', 'cohort', 'cohorts', 'rules')}
            {picker('Performed actions', 'action', 'actions', 'rules')}
          </fieldset>
        ) : null}
        {isFlag ? (
          <>
            <Field label="Enabled by default" inline error={fieldError(error, 'default_enabled')}>
              <input type="checkbox" checked={draft.defaultEnabled} onChange={(event) => set('defaultEnabled', event.target.checked)} />
            </Field>
            <Field label="Initial value" error={fieldError(error, 'initial_value')}>
              <input value={draft.initialValue} onChange={(event) => set('initialValue', event.target.value)} />
            </Field>
            <Field label="Server keys only" inline error={fieldError(error, 'is_server_key_only')}>
              <input type="checkbox" checked={draft.serverKeyOnly} onChange={(event) => set('serverKeyOnly', event.target.checked)} />
            </Field>
          </>
        ) : null}
        {kind.kind === 'experiment' || kind.kind === 'early_access_feature' || kind.kind === 'survey' ? (
          <Field label={kind.kind === 'survey' ? 'Linked flag (optional)' : 'Feature flag'} error={fieldError(error, kind.kind === 'survey' ? 'linked_flag_id' : 'feature_flag_id')}>
            <select value={draft.flag} onChange={(event) => set('flag', event.target.value)} required={kind.kind !== 'survey'}>
              <option value="">{kind.kind === 'survey' ? 'None' : 'Choose a flag'}</option>
              {flags.map((flag) => (
                <option key={flag.id} value={flag.id}>
                  {displayName(flag)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {kind.kind === 'survey' ? (
          <Field label="Type" error={fieldError(error, 'type')}>
            <select value={draft.surveyType} onChange={(event) => set('surveyType', event.target.value)}>
              <option>popover</option>
              <option>widget</option>
              <option>api</option>
            </select>
          </Field>
        ) : null}
        <FormError error={error} fields={['name', 'key', 'description', 'tags', 'tiles', 'filters', 'steps', 'rules', 'feature_flag_id', 'linked_flag_id', 'type', 'default_enabled', 'initial_value', 'is_server_key_only']} />
        <div className="buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={create.pending}>
            Create {kind.singular.toLowerCase()}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function RefPicker({ label, entities, selected, onChange, error }: { label: string; entities: Entity[]; selected: string[]; onChange: (ids: string[]) => void; error?: string }) {
  return (
    <fieldset className="picker">
      <legend>{label}</legend>
      {entities.length === 0 ? <p className="muted">None in this environment yet.</p> : null}
      {entities.map((entity) => (
        <label key={entity.id} className="check">
          <input
            type="checkbox"
            checked={selected.includes(entity.id)}
            onChange={(event) => onChange(event.target.checked ? [...selected, entity.id] : selected.filter((id) => id !== entity.id))}
          />
          {displayName(entity)} <ScopeBadge projectWide={entity.is_project_wide} />
        </label>
      ))}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
