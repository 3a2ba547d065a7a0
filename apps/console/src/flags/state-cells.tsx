import { isSeenFrom } from '@strata/rules';
import { useState } from 'react';
import { api } from '../api/client';
import type { ComparedState, Comparison, Entity, Environment, FlagState } from '../api/types';
import { displayName } from '../entities/kinds';
import type { Column } from '../list';
import { ErrorNote, useAction, useLoad } from '../ui';
import { EnabledSwitch } from './enabled-switch';
import { glanceKey, glanceStates } from './glance-states';
import { valueText } from './values';

/** The states of every flag the current environment shares with each other one: one comparison per other environment. */
export function useGlanceStates(current: Environment, environments: Environment[]) {
  const others = environments.filter((environment) => environment.id !== current.id);
  return useLoad(async () => {
    const comparisons = await Promise.all(others.map((other) => api<Comparison>('GET', `/api/v2/projects/${current.project_id}/compare/?base=${current.id}&head=${other.id}`)));
    return glanceStates(current.id, comparisons);
  }, [current.id, others.map((other) => other.id).join()]);
}

/**
 * The flag list's columns at a glance: one per environment of the project, each flag's on/off there (and its value
 * when it has one) with its switch — only in the environments that see the flag (the shared visibility rule).
 */
export function stateColumns(environments: Environment[], glance: { data?: Map<string, ComparedState>; loading: boolean }): Column<Entity>[] {
  return environments.map((environment) => ({
    header: environment.name,
    className: 'state-cell',
    cell: (flag) =>
      !isSeenFrom({ projectId: flag.project_id, environmentId: flag.environment_id }, environment.project_id, environment.id) ? (
        <span className="muted" title={`${environment.name} does not see this flag`}>
          —
        </span>
      ) : glance.loading && !glance.data ? (
        <span className="muted">…</span>
      ) : (
        <StateCell environment={environment} flag={flag} known={glance.data?.get(glanceKey(environment.id, flag.id))} />
      ),
  }));
}

/** A cell: the state the comparisons gave, else asked of the environment itself (a flag only it sees). */
function StateCell({ environment, flag, known }: { environment: Environment; flag: Entity; known: ComparedState | undefined }) {
  const path = `/api/v2/environments/${environment.id}/feature_flags/${flag.id}/state`;
  const loaded = useLoad(() => (known ? Promise.resolve(undefined) : api<FlagState>('GET', path)), [path, known === undefined]);
  // The PATCH answers the new state, so a toggle needs no second read.
  const [latest, setLatest] = useState<FlagState>();
  const state: Pick<FlagState, 'enabled' | 'feature_state_value'> & { version?: number } | undefined = latest ?? loaded.data ?? known;
  // `enabled` is set, not derived from what was read: without a version read (a compared state) no If-Match is sent.
  const toggle = useAction((enabled: boolean) => api<FlagState>('PATCH', path, { enabled }, { version: state?.version }));
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!state) return <span className="muted">…</span>;
  const value = valueText(state.feature_state_value);
  const flip = async () => {
    const changed = await toggle.submit(!state.enabled);
    if (changed) setLatest(changed);
  };
  return (
    <>
      <EnabledSwitch label={`${displayName(flag)} in ${environment.name}`} enabled={state.enabled} pending={toggle.pending} onToggle={() => void flip()} />
      {value !== '' ? <code className="state-value">{value}</code> : null}
      <ErrorNote error={toggle.error} />
    </>
  );
}
