import type { ApiError } from '../api/client';
import type { Entity } from '../api/types';
import { SelectField, TextField } from '../form';
import { Field, FieldError, fieldError, ScopeBadge } from '../ui';
import { replaceAt, removeAt } from './cohort-rules';
import { type Draft, newStep, type StepDraft, type UrlMatching } from './entity-draft';
import { displayName, type Indexed, type KindName, ofKind } from './kinds';
import { RuleBuilder } from './rule-builder';

export type SetDraft = <K extends keyof Draft>(name: K, value: Draft[K]) => void;

interface KindFieldsProps {
  kind: KindName;
  draft: Draft;
  set: SetDraft;
  index: Map<string, Indexed> | undefined;
  /** The entity edited: it cannot reference itself. */
  self?: string;
  error: ApiError | undefined;
  creating: boolean;
}

/** The fields of one kind beyond name, description and tags: references picked by name among what the environment sees. */
export function KindFields({ kind, draft, set, index, self, error, creating }: KindFieldsProps) {
  const seen = (refKind: KindName) => ofKind(index, refKind).filter((entity) => entity.id !== self);
  const picker = (label: string, refKind: KindName, field: 'insights' | 'actions' | 'cohorts', attr: string) => (
    <RefPicker label={label} entities={seen(refKind)} selected={draft[field]} onChange={(ids) => set(field, ids)} error={fieldError(error, attr)} />
  );
  const check = (label: string, field: 'defaultEnabled' | 'serverKeyOnly' | 'projectWide', attr: string) => (
    <Field label={label} inline error={fieldError(error, attr)}>
      <input type="checkbox" checked={draft[field]} onChange={(event) => set(field, event.target.checked)} />
    </Field>
  );
  const flags = seen('feature_flag').map((flag) => ({ value: flag.id, label: displayName(flag) }));
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
      return <StepsField steps={draft.steps} onChange={(steps) => set('steps', steps)} error={error} />;
    case 'cohort':
      return <RuleBuilder groups={draft.groups} onChange={(groups) => set('groups', groups)} nameable={{ cohort: seen('cohort'), action: seen('action') }} error={error} />;
    case 'feature_flag':
      return (
        <>
          <TextField label="Name (optional)" name="name" error={error} value={draft.flagName} onValue={(value) => set('flagName', value)} />
          {check('Enabled by default', 'defaultEnabled', 'default_enabled')}
          <TextField label="Initial value" name="initial_value" error={error} value={draft.initialValue} onValue={(value) => set('initialValue', value)} />
          {check('Server keys only', 'serverKeyOnly', 'is_server_key_only')}
          {creating ? check('Project-wide at once (every environment of the project sees it)', 'projectWide', 'is_project_wide') : null}
        </>
      );
    case 'experiment':
    case 'early_access_feature':
      return <SelectField label="Feature flag" value={draft.flag} options={flags} none="Choose a flag" onValue={(flag) => set('flag', flag)} error={fieldError(error, 'feature_flag_id')} required />;
    case 'survey':
      return (
        <>
          <SelectField label="Linked flag (optional)" value={draft.flag} options={flags} none="None" onValue={(flag) => set('flag', flag)} error={fieldError(error, 'linked_flag_id')} />
          <SelectField label="Type" value={draft.surveyType} options={['popover', 'widget', 'api'].map((type) => ({ value: type, label: type }))} onValue={(type) => set('surveyType', type || 'popover')} error={fieldError(error, 'type')} />
        </>
      );
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

const MATCHING: { value: UrlMatching; label: string }[] = [
  { value: 'contains', label: 'contains' },
  { value: 'exact', label: 'is exactly' },
  { value: 'regex', label: 'matches the regular expression' },
];

/** An action's steps: each an event and/or a URL (how it matches); a step's property filters are kept as they are. */
function StepsField({ steps, onChange, error }: { steps: StepDraft[]; onChange: (steps: StepDraft[]) => void; error: ApiError | undefined }) {
  const setStep = (at: number, change: Partial<StepDraft>) => onChange(replaceAt(steps, at, { ...steps[at], ...change }));
  return (
    <fieldset>
      <legend>Steps (any one of them is the action)</legend>
      {steps.map((step, at) => (
        <div className="row" key={at} role="group" aria-label={`Step ${at + 1}`}>
          <TextField label="Event" name={`steps.${at}.event`} error={error} value={step.event} placeholder="$pageview" onValue={(event) => setStep(at, { event })} />
          <SelectField label="URL matching" value={step.matching} options={MATCHING} onValue={(matching) => setStep(at, { matching: matching || 'contains' })} error={fieldError(error, `steps.${at}.url_matching`)} />
          <TextField label="URL" name={`steps.${at}.url`} error={error} value={step.url} onValue={(url) => setStep(at, { url })} />
          <button type="button" className="remove" onClick={() => onChange(removeAt(steps, at))}>
            Remove step {at + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...steps, newStep()])}>
        Add a step
      </button>
    </fieldset>
  );
}

function RefPicker({ label, entities, selected, onChange, error }: { label: string; entities: Entity[]; selected: string[]; onChange: (ids: string[]) => void; error?: string }) {
  return (
    <fieldset className="picker">
      <legend>{label}</legend>
      {entities.length === 0 ? <p className="muted">None in this environment yet.</p> : null}
      {entities.map((entity) => (
        <label key={entity.id} className="check">
          <input type="checkbox" checked={selected.includes(entity.id)} onChange={(event) => onChange(event.target.checked ? [...selected, entity.id] : selected.filter((id) => id !== entity.id))} />
          {displayName(entity)} <ScopeBadge projectWide={entity.is_project_wide} />
        </label>
      ))}
      <FieldError message={error} />
    </fieldset>
  );
}
