import { useState } from 'react';
import type { Environment } from '../api/types';
import { environmentChoices, SelectField } from '../form';
import { Empty } from '../ui';
import { projectEnvironments, useWorkspace } from '../workspace';
import { CompareView } from './compare-view';

/** SPEC §11: two environments of this project side by side across all flags; the source's states can be copied to the target. */
export function ComparePage({ environment }: { environment: Environment }) {
  const environments = projectEnvironments(useWorkspace(), environment.project_id);
  const [pair, setPair] = useState({ from: environment.id, to: environments.find((other) => other.id !== environment.id)?.id });
  const from = environments.find((candidate) => candidate.id === pair.from);
  const to = environments.find((candidate) => candidate.id === pair.to);
  const picker = (label: string, value: number | undefined, set: (id: number) => void) => (
    <SelectField label={label} value={value ?? ''} options={environmentChoices(environments)} onValue={(id) => set(Number(id))} />
  );
  return (
    <section>
      <h1>Compare environments</h1>
      {environments.length < 2 ? (
        <Empty>This project has one environment that you see: create another with the switcher to compare them.</Empty>
      ) : (
        <div className="filters">
          {picker('Source environment', pair.from, (id) => setPair({ ...pair, from: id }))}
          <button type="button" onClick={() => setPair({ from: pair.to ?? pair.from, to: pair.from })}>
            Swap
          </button>
          {picker('Target environment', pair.to, (id) => setPair({ ...pair, to: id }))}
        </div>
      )}
      {from && to && from.id === to.id ? <p className="form-error">Choose two different environments.</p> : null}
      {from && to && from.id !== to.id ? <CompareView key={`${from.id}-${to.id}`} projectId={environment.project_id} from={from} to={to} current={environment} /> : null}
    </section>
  );
}
