import { isSeenFrom } from '@strata/rules';
import { useState } from 'react';
import { api, type ApiError } from '../api/client';
import type { Entity, Environment, MultivariateOption, ValueType } from '../api/types';
import { ActionForm } from '../form';
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

/** The flag's variants, edited once for every environment that sees it (the rest of its definition is its Edit form). */
function Definition({ environment, flag, onSaved }: { environment: Environment; flag: Entity; onSaved: () => void }) {
  const [options, setOptions] = useState<Variant[]>(((flag.multivariate_options ?? []) as MultivariateOption[]).map((option) => ({ type: option.type, text: valueText(option), allocation: option.default_percentage_allocation })));
  const save = useAction(() =>
    api<Entity>(
      'PATCH',
      `/api/v2/environments/${environment.id}/feature_flags/${flag.id}`,
      { multivariate_options: options.map((option) => ({ ...valueOf(option.type, option.text), default_percentage_allocation: option.allocation })) },
      { version: flag.version },
    ),
  );
  const submit = async () => {
    if (await save.submit()) onSaved();
  };
  return (
    <ActionForm className="card definition" label="Flag variants" title="Variants" action={save} fields={['multivariate_options']} submitLabel="Save variants" onSubmit={submit}>
      <p className="hint">
        Edited once for every environment that sees the flag (each environment's state allocates them). Key: <code>{String(flag.key)}</code>; its name, description and defaults are in
        Edit.
      </p>
      <Variants options={options} onChange={setOptions} error={save.error} />
    </ActionForm>
  );
}

/** The flag's variants: each one's value and default allocation; the API's error beside the variant it names. */
function Variants({ options, onChange, error }: { options: Variant[]; onChange: (options: Variant[]) => void; error: ApiError | undefined }) {
  const setOption = (at: number, change: Partial<Variant>) => onChange(options.map((option, index) => (index === at ? { ...option, ...change } : option)));
  const whole = fieldError(error, 'multivariate_options');
  return (
    <fieldset>
      <legend>Multivariate options</legend>
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
