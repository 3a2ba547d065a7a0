import { useState } from 'react';
import { api, type ApiError } from '../api/client';
import type { Entity, Environment } from '../api/types';
import { DialogForm, TextField } from '../form';
import { Field, fieldError, Loading, ScopeBadge, useAction, useLoad } from '../ui';
import { displayName, environmentIndex, type Indexed, type Kind, type KindName, ofKind } from './kinds';

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
  projectWide: boolean;
  surveyType: string;
}

const EMPTY: Draft = {
  name: '', description: '', tags: '', insights: [], actions: [], cohorts: [], flag: '', event: '', url: '', property: '', operator: 'EQUAL', value: '',
  defaultEnabled: false, initialValue: '', serverKeyOnly: false, projectWide: false, surveyType: 'popover',
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
      return {
        key: draft.name, ...common, default_enabled: draft.defaultEnabled, ...(draft.initialValue ? { initial_value: draft.initialValue } : {}), is_server_key_only: draft.serverKeyOnly,
        is_project_wide: draft.projectWide,
      };
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

type Set = <K extends keyof Draft>(name: K, value: Draft[K]) => void;

/** A new entity of a kind in this environment: environment-specific, as every new entity is until promoted. */
export function EntityForm({ environment, kind, onClose, onSaved }: { environment: Environment; kind: Kind; onClose: () => void; onSaved: (entity: Entity) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const index = useLoad(() => environmentIndex(environment.id), [environment.id]);
  const create = useAction(() => api<Entity>('POST', `/api/v2/environments/${environment.id}/${kind.collection}/`, bodyOf(kind.kind, draft)));
  const set: Set = (name, value) => setDraft((previous) => ({ ...previous, [name]: value }));
  const submit = async () => {
    const entity = await create.submit();
    if (entity) onSaved(entity);
  };
  const error = create.error;
  const isFlag = kind.kind === 'feature_flag';
  return (
    <DialogForm title={`New ${kind.singular.toLowerCase()} in ${environment.name}`} onClose={onClose} wide action={create} fields={FIELDS} submitLabel={`Create ${kind.singular.toLowerCase()}`} onSubmit={submit}>
      <TextField label={isFlag ? 'Key' : 'Name'} name={isFlag ? 'key' : 'name'} error={error} value={draft.name} onValue={(value) => set('name', value)} required />
      <TextField label="Description" name="description" error={error} value={draft.description} onValue={(value) => set('description', value)} />
      <TextField label="Tags (comma-separated)" name="tags" error={error} value={draft.tags} onValue={(value) => set('tags', value)} />
      {index.loading && !index.data ? <Loading what="Loading what it can reference" /> : null}
      <KindFields kind={kind.kind} draft={draft} set={set} index={index.data} error={error} />
    </DialogForm>
  );
}

const FIELDS = ['name', 'key', 'description', 'tags', 'tiles', 'filters', 'steps', 'rules', 'feature_flag_id', 'linked_flag_id', 'type', 'default_enabled', 'initial_value', 'is_server_key_only', 'is_project_wide'];

/** The fields of one kind beyond name, description and tags (references picked by name). */
function KindFields({ kind, draft, set, index, error }: { kind: KindName; draft: Draft; set: Set; index: Map<string, Indexed> | undefined; error: ApiError | undefined }) {
  const picker = (label: string, refKind: KindName, field: 'insights' | 'actions' | 'cohorts', attr: string) => (
    <RefPicker label={label} entities={ofKind(index, refKind)} selected={draft[field]} onChange={(ids) => set(field, ids)} error={fieldError(error, attr)} />
  );
  const text = (label: string, field: 'event' | 'url' | 'property' | 'value' | 'initialValue', attr: string, placeholder?: string) => (
    <TextField label={label} name={attr} error={error} value={draft[field]} onValue={(value) => set(field, value)} placeholder={placeholder} />
  );
  const check = (label: string, field: 'defaultEnabled' | 'serverKeyOnly' | 'projectWide', attr: string) => (
    <Field label={label} inline error={fieldError(error, attr)}>
      <input type="checkbox" checked={draft[field]} onChange={(event) => set(field, event.target.checked)} />
    </Field>
  );
  switch (kind) {
    case 'dashboard':
      return picker('Insights on the dashboard', 'insight', 'insights', 'tiles');
    case 'insight':
    case 'session_recording_playlist':
      return (
        <>
          {picker('Actions', 'action', 'actions', 'filters.action_ids')}
          {picker('Cohorts', 'cohort', 'cohorts', 'filters.cohort_ids')}
        </>
      );
    case 'action':
      return (
        <>
          {text('Event', 'event', 'steps', '$pageview')}
          {text('URL contains', 'url', 'steps.url')}
        </>
      );
    case 'cohort':
      return (
        <fieldset>
          <legend>Who is in it (all of these)</legend>
          <div className="row">
            {text('Property', 'property', 'rules', 'plan')}
            <Field label="Operator">
              <select value={draft.operator} onChange={(event) => set('operator', event.target.value)}>
                {OPERATORS.map((operator) => (
                  <option key={operator}>{operator}</option>
                ))}
              </select>
            </Field>
            {text('Value', 'value', 'rules.value')}
          </div>
          {picker('In cohorts', 'cohort', 'cohorts', 'rules')}
          {picker('Performed actions', 'action', 'actions', 'rules')}
        </fieldset>
      );
    case 'feature_flag':
      return (
        <>
          {check('Enabled by default', 'defaultEnabled', 'default_enabled')}
          {text('Initial value', 'initialValue', 'initial_value')}
          {check('Server keys only', 'serverKeyOnly', 'is_server_key_only')}
          {check('Project-wide at once (every environment of the project sees it)', 'projectWide', 'is_project_wide')}
        </>
      );
    default:
      return <LinkedFlag kind={kind} draft={draft} set={set} index={index} error={error} />;
  }
}

/** An experiment's or early access feature's flag, or a survey's optional one (and a survey's type). */
function LinkedFlag({ kind, draft, set, index, error }: { kind: 'experiment' | 'early_access_feature' | 'survey'; draft: Draft; set: Set; index: Map<string, Indexed> | undefined; error: ApiError | undefined }) {
  const survey = kind === 'survey';
  return (
    <>
      <Field label={survey ? 'Linked flag (optional)' : 'Feature flag'} error={fieldError(error, survey ? 'linked_flag_id' : 'feature_flag_id')}>
        <select value={draft.flag} onChange={(event) => set('flag', event.target.value)} required={!survey}>
          <option value="">{survey ? 'None' : 'Choose a flag'}</option>
          {ofKind(index, 'feature_flag').map((flag) => (
            <option key={flag.id} value={flag.id}>
              {displayName(flag)}
            </option>
          ))}
        </select>
      </Field>
      {survey ? (
        <Field label="Type" error={fieldError(error, 'type')}>
          <select value={draft.surveyType} onChange={(event) => set('surveyType', event.target.value)}>
            <option>popover</option>
            <option>widget</option>
            <option>api</option>
          </select>
        </Field>
      ) : null}
    </>
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
