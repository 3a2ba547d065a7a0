import { ConflictError, projects } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { adoptionDecider } from './adoption-process';

const report = { status: 'planned' } as projects.AdoptionReport;
const started: projects.AdoptionStarted = {
  adoptionId: 'a-1', environmentId: 20, sourceProjectId: 20, targetProjectId: 10, acceptGroupTypeDisruption: false,
  name: 'Staging', report, startedAt: '2026-12-02T00:00:00.000Z',
};
const start = { type: 'StartAdoption' as const, data: started };
const startedEvent = { type: 'EnvironmentAdoptionStarted' as const, data: started };
const step = (name: projects.AdoptionStep, adoptionId = 'a-1') => ({ type: 'RecordStep' as const, data: { adoptionId, step: name, report, at: 'now' } });
const stepDone = (name: projects.AdoptionStep) => ({ type: 'EnvironmentAdoptionStepDone' as const, data: { adoptionId: 'a-1', environmentId: 20, step: name, report, at: 'now' } });
const complete = { type: 'CompleteAdoption' as const, data: { adoptionId: 'a-1', report, completedAt: 'now' } };
const completed = { type: 'EnvironmentAdoptionCompleted' as const, data: { adoptionId: 'a-1', environmentId: 20, report, completedAt: 'now' } };

describe('an environment’s adoption process (SPEC §7)', () => {
  const spec = DeciderSpec.for(adoptionDecider);

  it('starts when none runs for the environment, and refuses a second while one runs', () => {
    spec.given([]).when(start).then([startedEvent]);
    spec.given([startedEvent]).when({ ...start, data: { ...started, adoptionId: 'a-2' } }).thenThrows(ConflictError, /already running/);
  });

  it('records each step once, and nothing for an adoption that is not the running one', () => {
    spec.given([startedEvent]).when(step('taxonomy')).then([stepDone('taxonomy')]);
    spec.given([startedEvent, stepDone('taxonomy')]).when(step('taxonomy')).then([]);
    spec.given([startedEvent]).when(step('taxonomy', 'a-2')).then([]);
  });

  it('ends with the move, after which another adoption of the environment may start', () => {
    spec.given([startedEvent, stepDone('taxonomy'), stepDone('entities')]).when(complete).then([completed]);
    spec.given([startedEvent, completed]).when(complete).thenThrows(ConflictError, /not running/);
    spec.given([startedEvent, completed]).when(start).then([startedEvent]);
  });

  it('ends failed when a step is refused; a late failure of an ended adoption records nothing', () => {
    const fail = { type: 'FailAdoption' as const, data: { adoptionId: 'a-1', step: 'entities' as const, code: 'flag_key_collision', detail: 'x', failedAt: 'now' } };
    spec.given([startedEvent]).when(fail).then([{ type: 'EnvironmentAdoptionFailed', data: { ...fail.data, environmentId: 20 } }]);
    spec.given([startedEvent, completed]).when(fail).then([]);
  });
});
