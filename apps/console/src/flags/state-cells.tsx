import { isSeenFrom } from '@strata/rules';
import { useState } from 'react';
import { api } from '../api/client';
import type { Entity, Environment, FlagState } from '../api/types';
import { displayName } from '../entities/kinds';
import type { Column } from '../list';
import { ErrorNote, useAction, useLoad } from '../ui';
import { EnabledSwitch } from './enabled-switch';
import { valueText } from './values';

/**
 * The flag list's columns at a glance: one per environment of the project, each flag's on/off there (and its value
 * when it has one) with its switch — asked only of the environments that see the flag (the shared visibility rule).
 */
export function stateColumns(environments: Environment[]): Column<Entity>[] {
  return environments.map((environment) => ({
    header: environment.name,
    className: 'state-cell',
    cell: (flag) =>
      isSeenFrom({ projectId: flag.project_id, environmentId: flag.environment_id }, environment.project_id, environment.id) ? (
        <StateCell environment={environment} flag={flag} />
      ) : (
        <span className="muted" title={`${environment.name} does not see this flag`}>
          —
        </span>
      ),
  }));
}

function StateCell({ environment, flag }: { environment: Environment; flag: Entity }) {
  const path = `/api/v2/environments/${environment.id}/feature_flags/${flag.id}/state`;
  const loaded = useLoad(() => api<FlagState>('GET', path), [path]);
  // The PATCH answers the new state (and its version), so a toggle needs no second read.
  const [latest, setLatest] = useState<FlagState>();
  const state = latest ?? loaded.data;
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
