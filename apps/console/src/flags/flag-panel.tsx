import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Entity, Environment, MultivariateOption, ValueType } from '../api/types';
import { Field, fieldError, FormError, useAction } from '../ui';
import { useWorkspace } from '../workspace';
import { EvaluateAs } from './evaluate-as';
import { StateColumn } from './state-column';
import { VALUE_TYPES, valueOf, valueText } from './values';

/** A flag: its definition (shared by every environment that sees it) once, then its state in every environment side by side. */
export function FlagPanel({ environment, flag, onChanged, onStateChanged }: { environment: Environment; flag: Entity; onChanged: () => void; onStateChanged: () => void }) {
  const workspace = useWorkspace();
  const environments = workspace.environments.filter((candidate) => candidate.project_id === environment.project_id).sort((a, b) => a.id - b.id);
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
        {environments.map((candidate) => (
          <StateColumn key={candidate.id} environment={candidate} current={candidate.id === environment.id} flag={flag} options={options} round={round} onChanged={changed} />
        ))}
      </div>
      <EvaluateAs flag={flag} environments={environments} initial={environment} />
      <Definition environment={environment} flag={flag} onSaved={onChanged} />
    </>
  );
}

function Definition({ environment, flag, onSaved }: { environment: Environment; flag: Entity; onSaved: () => void }) {
  const [draft, setDraft] = useState({
    name: String(flag.name ?? ''),
    description: String(flag.description ?? ''),
    default_enabled: Boolean(flag.default_enabled),
    initial_value: String(flag.initial_value ?? ''),
    is_server_key_only: Boolean(flag.is_server_key_only),
    options: ((flag.multivariate_options ?? []) as MultivariateOption[]).map((option) => ({ type: option.type, text: valueText(option), allocation: option.default_percentage_allocation })),
  });
  const save = useAction(() =>
    api<Entity>(
      'PATCH',
      `/api/v2/environments/${environment.id}/feature_flags/${flag.id}`,
      {
        name: draft.name || undefined,
        description: draft.description,
        default_enabled: draft.default_enabled,
        initial_value: draft.initial_value || null,
        is_server_key_only: draft.is_server_key_only,
        multivariate_options: draft.options.map((option) => ({ ...valueOf(option.type, option.text), default_percentage_allocation: option.allocation })),
      },
      { version: flag.version },
    ),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save.submit()) onSaved();
  };
  const setOption = (at: number, change: Partial<(typeof draft.options)[number]>) =>
    setDraft({ ...draft, options: draft.options.map((option, index) => (index === at ? { ...option, ...change } : option)) });
  const error = save.error;
  return (
    <form className="card definition" onSubmit={submit} aria-label="Flag definition">
      <h2>Definition</h2>
      <p className="hint">Edited once for every environment that sees the flag. Key: <code>{String(flag.key)}</code></p>
      <div className="row">
        <Field label="Name" error={fieldError(error, 'name')}>
          <input value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </Field>
        <Field label="Description" error={fieldError(error, 'description')}>
          <input value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
        </Field>
        <Field label="Initial value" error={fieldError(error, 'initial_value')}>
          <input value={draft.initial_value} onChange={(event) => setDraft({ ...draft, initial_value: event.target.value })} />
        </Field>
      </div>
      <div className="row">
        <Field label="Enabled by default" inline error={fieldError(error, 'default_enabled')}>
          <input type="checkbox" checked={draft.default_enabled} onChange={(event) => setDraft({ ...draft, default_enabled: event.target.checked })} />
        </Field>
        <Field label="Server keys only" inline error={fieldError(error, 'is_server_key_only')}>
          <input type="checkbox" checked={draft.is_server_key_only} onChange={(event) => setDraft({ ...draft, is_server_key_only: event.target.checked })} />
        </Field>
      </div>
      <fieldset>
        <legend>Variants (multivariate options)</legend>
        {draft.options.map((option, at) => (
          <div className="row" key={at}>
            <Field label={`Variant ${at + 1} type`}>
              <select value={option.type} onChange={(event) => setOption(at, { type: event.target.value as ValueType })}>
                {VALUE_TYPES.map((entry) => (
                  <option key={entry.type} value={entry.type}>
                    {entry.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={`Variant ${at + 1} value`} error={fieldError(error, `multivariate_options.${at}`)}>
              <input value={option.text} onChange={(event) => setOption(at, { text: event.target.value })} />
            </Field>
            <Field label={`Variant ${at + 1} default %`}>
              <input type="number" min={0} max={100} step="any" value={option.allocation} onChange={(event) => setOption(at, { allocation: Number(event.target.value) })} />
            </Field>
            <button type="button" onClick={() => setDraft({ ...draft, options: draft.options.filter((_, index) => index !== at) })}>
              Remove variant {at + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setDraft({ ...draft, options: [...draft.options, { type: 'unicode', text: '', allocation: 0 }] })}>
          Add variant
        </button>
      </fieldset>
      <FormError error={error} fields={['name', 'description', 'initial_value', 'default_enabled', 'is_server_key_only', 'multivariate_options']} />
      {fieldError(error, 'multivariate_options') && !draft.options.some((_, at) => fieldError(error, `multivariate_options.${at}`)) ? (
        <p className="field-error" role="alert">
          {fieldError(error, 'multivariate_options')}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={save.pending}>
        Save definition
      </button>
    </form>
  );
}
