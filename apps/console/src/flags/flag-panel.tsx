import { isSeenFrom } from '@strata/rules';
import { useState } from 'react';
import { api, type ApiError } from '../api/client';
import type { Entity, Environment, MultivariateOption, ValueType } from '../api/types';
import { ActionForm, TextField } from '../form';
import { Field, fieldError, useAction } from '../ui';
import { projectEnvironments, useWorkspace } from '../workspace';
import { EvaluateAs } from './evaluate-as';
import { StateColumn, Unavailable } from './state-column';
import { TypedValue } from './typed-value';
import { valueOf, valueText } from './values';

/** A flag: its definition (shared by every environment that sees it) once, then its state in every environment side by side. */
export function FlagPanel({ environment, flag, onChanged, onStateChanged }: { environment: Environment; flag: Entity; onChanged: () => void; onStateChanged: () => void }) {
  const workspace = useWorkspace();
  const environments = projectEnvironments(workspace, environment.project_id);
  const options = (flag.multivariate_options ?? []) as MultivariateOption[];
  // Bumped after any state change: a project-scoped rollout group shows in every column.
  const [round, setRound] = useState(0);
  const changed = () => {
    setRound((value) => value + 1);
    onStateChanged();
  };
  return (
    <>
      <h2>State in every environment</h2>
      <div className="side-by-side" data-testid="flag-states">
        {environments.map((candidate) =>
          // Only an environment that sees the flag (the shared visibility rule) is asked for its state: the others would answer 404.
          isSeenFrom({ projectId: flag.project_id, environmentId: flag.environment_id }, candidate.project_id, candidate.id) ? (
            <StateColumn key={candidate.id} environment={candidate} current={candidate.id === environment.id} flag={flag} options={options} round={round} onChanged={changed} />
          ) : (
            <Unavailable key={candidate.id} environment={candidate} current={candidate.id === environment.id} />
          ),
        )}
      </div>
      <EvaluateAs flag={flag} environments={environments} initial={environment} />
      <Definition environment={environment} flag={flag} onSaved={onChanged} />
    </>
  );
}

interface Variant {
  type: ValueType;
  text: string;
  allocation: number;
}

function Definition({ environment, flag, onSaved }: { environment: Environment; flag: Entity; onSaved: () => void }) {
  const [draft, setDraft] = useState({
    name: String(flag.name ?? ''),
    description: String(flag.description ?? ''),
    default_enabled: Boolean(flag.default_enabled),
    initial_value: String(flag.initial_value ?? ''),
    is_server_key_only: Boolean(flag.is_server_key_only),
  });
  const [options, setOptions] = useState<Variant[]>(((flag.multivariate_options ?? []) as MultivariateOption[]).map((option) => ({ type: option.type, text: valueText(option), allocation: option.default_percentage_allocation })));
  const save = useAction(() =>
    api<Entity>(
      'PATCH',
      `/api/v2/environments/${environment.id}/feature_flags/${flag.id}`,
      {
        ...draft,
        name: draft.name || undefined,
        initial_value: draft.initial_value || null,
        multivariate_options: options.map((option) => ({ ...valueOf(option.type, option.text), default_percentage_allocation: option.allocation })),
      },
      { version: flag.version },
    ),
  );
  const submit = async () => {
    if (await save.submit()) onSaved();
  };
  const error = save.error;
  const text = (name: 'name' | 'description' | 'initial_value', label: string) => <TextField label={label} name={name} error={error} value={draft[name]} onValue={(value) => setDraft({ ...draft, [name]: value })} />;
  const check = (name: 'default_enabled' | 'is_server_key_only', label: string) => (
    <Field label={label} inline error={fieldError(error, name)}>
      <input type="checkbox" checked={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.checked })} />
    </Field>
  );
  return (
    <ActionForm className="card definition" label="Flag definition" title="Definition" action={save} fields={['name', 'description', 'initial_value', 'default_enabled', 'is_server_key_only', 'multivariate_options']} submitLabel="Save definition" onSubmit={submit}>
      <p className="hint">Edited once for every environment that sees the flag. Key: <code>{String(flag.key)}</code></p>
      <div className="row">
        {text('name', 'Name')}
        {text('description', 'Description')}
        {text('initial_value', 'Initial value')}
      </div>
      <div className="row">
        {check('default_enabled', 'Enabled by default')}
        {check('is_server_key_only', 'Server keys only')}
      </div>
      <Variants options={options} onChange={setOptions} error={error} />
    </ActionForm>
  );
}

/** The flag's variants: each one's value and default allocation; the API's error beside the variant it names. */
function Variants({ options, onChange, error }: { options: Variant[]; onChange: (options: Variant[]) => void; error: ApiError | undefined }) {
  const setOption = (at: number, change: Partial<Variant>) => onChange(options.map((option, index) => (index === at ? { ...option, ...change } : option)));
  const whole = fieldError(error, 'multivariate_options');
  return (
    <fieldset>
      <legend>Variants (multivariate options)</legend>
      {options.map((option, at) => (
        <div className="row" key={at}>
          <TypedValue typeLabel={`Variant ${at + 1} type`} valueLabel={`Variant ${at + 1} value`} type={option.type} text={option.text} error={fieldError(error, `multivariate_options.${at}`)} onChange={(type, text) => setOption(at, { type, text })} />
          <Field label={`Variant ${at + 1} default %`}>
            <input type="number" min={0} max={100} step="any" value={option.allocation} onChange={(event) => setOption(at, { allocation: Number(event.target.value) })} />
          </Field>
          <button type="button" onClick={() => onChange(options.filter((_, index) => index !== at))}>
            Remove variant {at + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...options, { type: 'unicode', text: '', allocation: 0 }])}>
        Add variant
      </button>
      {whole && !options.some((_, at) => fieldError(error, `multivariate_options.${at}`)) ? (
        <p className="field-error" role="alert">
          {whole}
        </p>
      ) : null}
    </fieldset>
  );
}
