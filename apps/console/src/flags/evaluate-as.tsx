import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Entity, Environment } from '../api/types';
import { environmentChoices, SelectField } from '../form';
import { ErrorNote, Field, useAction } from '../ui';
import { parseTraits } from './values';

interface Evaluation {
  key: string;
  value?: unknown;
  reason: string;
  variant?: string;
}

/**
 * "Evaluate as": asks the flag evaluation API (OFREP, SPEC §4.5) with the environment's SDK key, as an SDK would,
 * for an identifier and traits; shows the value and the reason.
 */
export function EvaluateAs({ flag, environments, initial }: { flag: Entity; environments: Environment[]; initial: Environment }) {
  const [environmentId, setEnvironmentId] = useState(initial.id);
  const [identifier, setIdentifier] = useState('');
  const [traits, setTraits] = useState('');
  const evaluate = useAction(() => {
    const environment = environments.find((candidate) => candidate.id === environmentId) ?? initial;
    const context = { ...parseTraits(traits), ...(identifier ? { targetingKey: identifier } : {}) };
    return api<Evaluation>('POST', `/ofrep/v1/evaluate/flags/${encodeURIComponent(String(flag.key))}`, { context }, { bearer: environment.api_token });
  });
  const [answer, setAnswer] = useState<Evaluation & { environment: string }>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAnswer(undefined);
    const result = await evaluate.submit();
    const environment = environments.find((candidate) => candidate.id === environmentId);
    if (result) setAnswer({ ...result, environment: environment?.name ?? '' });
  };
  return (
    <form className="card evaluate" onSubmit={submit} aria-label="Evaluate as">
      <h2>Evaluate as</h2>
      <p className="hint">Asks the flag evaluation API with the environment's SDK key, exactly as an SDK would.</p>
      <div className="row">
        <SelectField label="Environment" value={environmentId} options={environmentChoices(environments)} onValue={(id) => setEnvironmentId(Number(id))} />
        <Field label="Identifier">
          <input value={identifier} onChange={(event) => setIdentifier(event.target.value)} placeholder="user-42" />
        </Field>
        <Field label="Traits (key=value, one per line)">
          <textarea rows={2} value={traits} onChange={(event) => setTraits(event.target.value)} placeholder={'plan=pro\nage=30'} />
        </Field>
      </div>
      <button type="submit" disabled={evaluate.pending}>
        Evaluate
      </button>
      <ErrorNote error={evaluate.error} />
      {answer ? (
        <dl className="evaluation" data-testid="evaluation" role="status">
          <dt>Environment</dt>
          <dd>{answer.environment}</dd>
          <dt>Value</dt>
          <dd data-testid="evaluation-value">{answer.value === undefined ? '(none: the SDK default applies)' : JSON.stringify(answer.value)}</dd>
          <dt>Reason</dt>
          <dd data-testid="evaluation-reason">{answer.reason}</dd>
          {answer.variant ? (
            <>
              <dt>Variant</dt>
              <dd>{answer.variant}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </form>
  );
}
