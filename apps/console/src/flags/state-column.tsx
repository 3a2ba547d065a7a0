import { type FormEvent, useState } from 'react';
import { all, api } from '../api/client';
import type { Allocation, Entity, Environment, FlagState, IdentityOverride, MultivariateOption, SegmentOverride, ValueType } from '../api/types';
import { displayName } from '../entities/kinds';
import { ErrorNote, Field, FieldError, fieldError, FormError, Loading, useAction, useLoad } from '../ui';
import { EnabledSwitch } from './enabled-switch';
import { TypedValue } from './typed-value';
import { valueOf, valueText } from './values';

/** The flag's state in one environment: enabled, value, allocations, rollout groups (both scopes), identity overrides. */
export function StateColumn({ environment, current, flag, options, round, onChanged }: {
  environment: Environment;
  current: boolean;
  flag: Entity;
  options: MultivariateOption[];
  round: number;
  onChanged: () => void;
}) {
  const base = `/api/v2/environments/${environment.id}/feature_flags/${flag.id}`;
  const state = useLoad(() => api<FlagState>('GET', `${base}/state`), [base, flag.version, round]);
  const cohorts = useLoad(() => all<Entity>(`/api/v2/environments/${environment.id}/cohorts/?scope=all`), [environment.id]);
  const change = useAction((changes: Partial<FlagState>) => api<FlagState>('PATCH', `${base}/state`, changes, { version: state.data?.version }));
  const apply = async (changes: Partial<FlagState>) => {
    // A project-scoped rollout group is every environment's: every column reloads, and the flag's dependencies.
    if (await change.submit(changes)) onChanged();
  };

  const heading = <ColumnHeading environment={environment} current={current} />;
  if (state.error) return <Unavailable environment={environment} current={current} why={state.error.status === 404 ? undefined : state.error.detail} />;
  if (!state.data) {
    return (
      <article className="state-column" aria-label={`State in ${environment.name}`}>
        {heading}
        <Loading />
      </article>
    );
  }
  const data = state.data;
  return (
    <article className="state-column" aria-label={`State in ${environment.name}`}>
      {heading}
      <EnabledSwitch label={`Enabled in ${environment.name}`} enabled={data.enabled} pending={change.pending} onToggle={() => void apply({ enabled: !data.enabled })} />
      <FormError error={change.error} fields={['feature_state_value', 'multivariate_feature_state_values', 'segment_overrides']} />
      <ValueEditor key={`v${data.version}`} state={data} pending={change.pending} error={fieldError(change.error, 'feature_state_value')} onSave={(value) => void apply({ feature_state_value: value })} />
      {options.length > 0 ? (
        <Allocations key={`a${data.version}`} options={options} state={data} error={fieldError(change.error, 'multivariate_feature_state_values')} onSave={(values) => void apply({ multivariate_feature_state_values: values })} />
      ) : null}
      <SegmentOverrides state={data} cohorts={cohorts.data ?? []} error={fieldError(change.error, 'segment_overrides')} onSave={(overrides) => void apply({ segment_overrides: overrides })} environment={environment} />
      <IdentityOverrides base={base} environment={environment} />
    </article>
  );
}

function ColumnHeading({ environment, current }: { environment: Environment; current: boolean }) {
  return (
    <h3>
      {environment.name}
      {current ? <span className="muted"> (current)</span> : null}
    </h3>
  );
}

/** An environment that does not see the flag (or could not answer): said in its column, with nothing to change. */
export function Unavailable({ environment, current, why }: { environment: Environment; current: boolean; why?: string }) {
  return (
    <article className="state-column unavailable" aria-label={`State in ${environment.name}`}>
      <ColumnHeading environment={environment} current={current} />
      <p className="muted">{why ?? `${environment.name} does not see this flag (it belongs to another environment).`}</p>
    </article>
  );
}

function ValueEditor({ state, pending, error, onSave }: { state: FlagState; pending: boolean; error?: string; onSave: (value: ReturnType<typeof valueOf>) => void }) {
  const [type, setType] = useState<ValueType>(state.feature_state_value?.type ?? 'unicode');
  const [text, setText] = useState(valueText(state.feature_state_value));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(valueOf(type, text));
  };
  return (
    <form onSubmit={submit} className="compact">
      <div className="row">
        <TypedValue typeLabel="Value type" valueLabel="Value" type={type} text={text} error={error} onChange={(nextType, nextText) => (setType(nextType), setText(nextText))} />
      </div>
      <button type="submit" disabled={pending}>
        Save value
      </button>
    </form>
  );
}

function Allocations({ options, state, error, onSave }: { options: MultivariateOption[]; state: FlagState; error?: string; onSave: (values: Allocation[]) => void }) {
  const initial = options.map((option, index) => state.multivariate_feature_state_values.find((value) => value.multivariate_feature_option === index)?.percentage_allocation ?? option.default_percentage_allocation);
  const [values, setValues] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(values.map((percentage_allocation, multivariate_feature_option) => ({ multivariate_feature_option, percentage_allocation })));
  };
  return (
    <form onSubmit={submit} className="compact">
      <h4>Allocations</h4>
      {options.map((option, index) => (
        <Field key={index} label={`${valueText(option) || `Variant ${index + 1}`} %`}>
          <input type="number" min={0} max={100} step="any" value={values[index]} onChange={(event) => setValues(values.map((value, at) => (at === index ? Number(event.target.value) : value)))} />
        </Field>
      ))}
      <FieldError message={error} />
      <button type="submit">Save allocations</button>
    </form>
  );
}

/** Rollout groups: this environment's and the project's (which every environment shares); the list is saved whole. */
function SegmentOverrides({ state, cohorts, error, onSave, environment }: { state: FlagState; cohorts: Entity[]; error?: string; onSave: (overrides: SegmentOverride[]) => void; environment: Environment }) {
  const [adding, setAdding] = useState({ segment_id: '', priority: state.segment_overrides.length, scope: 'environment' as SegmentOverride['scope'], enabled: true });
  const [value, setValue] = useState({ type: 'unicode' as ValueType, text: '' });
  const name = (id: string) => {
    const cohort = cohorts.find((candidate) => candidate.id === id);
    return cohort ? displayName(cohort) : id;
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const override: SegmentOverride = { ...adding, priority: Number(adding.priority), ...(value.text !== '' ? { feature_state_value: valueOf(value.type, value.text) } : {}) };
    onSave([...state.segment_overrides, override]);
  };
  return (
    <div>
      <h4>Rollout groups</h4>
      {state.segment_overrides.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="overrides">
        {[...state.segment_overrides]
          .sort((a, b) => a.priority - b.priority)
          .map((override) => (
            <li key={`${override.scope}:${override.segment_id}`}>
              <strong>{name(override.segment_id)}</strong> · priority {override.priority} ·{' '}
              {override.scope === 'project' ? <span className="badge project">every environment</span> : <span className="badge environment">{environment.name} only</span>} · {override.enabled ? 'on' : 'off'}
              {override.feature_state_value ? ` · ${valueText(override.feature_state_value)}` : ''}{' '}
              <button type="button" className="link" onClick={() => onSave(state.segment_overrides.filter((other) => other !== override))}>
                Remove
              </button>
            </li>
          ))}
      </ul>
      <details>
        <summary>Add a rollout group</summary>
        <form onSubmit={add} className="compact">
          <div className="row">
            <Field label="Cohort">
              <select value={adding.segment_id} onChange={(event) => setAdding({ ...adding, segment_id: event.target.value })} required>
                <option value="">Choose</option>
                {cohorts.map((cohort) => (
                  <option key={cohort.id} value={cohort.id}>
                    {displayName(cohort)}
                    {cohort.is_project_wide ? ' (project-wide)' : ''}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Priority">
              <input type="number" min={0} value={adding.priority} onChange={(event) => setAdding({ ...adding, priority: Number(event.target.value) })} />
            </Field>
            <Field label="Scope">
              <select value={adding.scope} onChange={(event) => setAdding({ ...adding, scope: event.target.value as SegmentOverride['scope'] })}>
                <option value="environment">This environment</option>
                <option value="project">Every environment</option>
              </select>
            </Field>
            <Field label="On for them" inline>
              <input type="checkbox" checked={adding.enabled} onChange={(event) => setAdding({ ...adding, enabled: event.target.checked })} />
            </Field>
          </div>
          <ValueFields type={value.type} value={value.text} onChange={(type, text) => setValue({ type, text })} />
          <FieldError message={error} />
          <button type="submit">Add rollout group</button>
        </form>
      </details>
    </div>
  );
}

function IdentityOverrides({ base, environment }: { base: string; environment: Environment }) {
  const list = useLoad(() => all<IdentityOverride>(`${base}/identity_overrides/`), [base]);
  const [adding, setAdding] = useState({ identifier: '', enabled: true, type: 'unicode' as ValueType, value: '' });
  const add = useAction(() =>
    api<IdentityOverride>('POST', `${base}/identity_overrides/`, {
      identifier: adding.identifier,
      enabled: adding.enabled,
      ...(adding.value !== '' ? { feature_state_value: valueOf(adding.type, adding.value) } : {}),
    }),
  );
  const remove = useAction((identifier: string) => api('DELETE', `${base}/identity_overrides/?identifier=${encodeURIComponent(identifier)}`).then(() => true));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await add.submit()) {
      setAdding({ identifier: '', enabled: true, type: 'unicode', value: '' });
      list.reload();
    }
  };
  return (
    <div>
      <h4>Identity overrides</h4>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorNote error={list.error ?? remove.error} />
      {list.data?.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="overrides">
        {list.data?.map((override) => (
          <li key={override.identifier}>
            <strong>{override.identifier}</strong> · {override.enabled ? 'on' : 'off'}
            {override.feature_state_value ? ` · ${valueText(override.feature_state_value)}` : ''}{' '}
            <button type="button" className="link" onClick={() => void remove.submit(override.identifier).then((done) => done && list.reload())}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <details>
        <summary>Add an identity override</summary>
        <form onSubmit={submit} className="compact">
          <div className="row">
            <Field label={`Identifier in ${environment.name}`} error={fieldError(add.error, 'identifier')}>
              <input value={adding.identifier} onChange={(event) => setAdding({ ...adding, identifier: event.target.value })} required />
            </Field>
            <Field label="On for them" inline>
              <input type="checkbox" checked={adding.enabled} onChange={(event) => setAdding({ ...adding, enabled: event.target.checked })} />
            </Field>
          </div>
          <ValueFields type={adding.type} value={adding.value} error={fieldError(add.error, 'feature_state_value')} onChange={(type, value) => setAdding({ ...adding, type, value })} />
          <FormError error={add.error} fields={['identifier', 'feature_state_value']} />
          <button type="submit" disabled={add.pending}>
            Add identity override
          </button>
        </form>
      </details>
    </div>
  );
}

/** An optional value for an override: empty leaves the flag's own value. */
function ValueFields({ type, value, error, onChange }: { type: ValueType; value: string; error?: string; onChange: (type: ValueType, value: string) => void }) {
  return (
    <div className="row">
      <TypedValue typeLabel="Their value type" valueLabel="Their value (optional)" type={type} text={value} error={error} onChange={onChange} />
    </div>
  );
}
