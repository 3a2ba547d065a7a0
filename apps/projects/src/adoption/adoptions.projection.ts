import type { projects } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import { versionedProjection, type RecordedEvent } from '@strata/eventstore';

/** `environment_adoptions`: each adoption's status and steps, read to take up the running ones after a restart. */
export const adoptionsProjection = versionedProjection<projects.AdoptionEvent>({
  name: 'environment-adoptions',
  handles: ['EnvironmentAdoptionStarted', 'EnvironmentAdoptionStepDone', 'EnvironmentAdoptionCompleted', 'EnvironmentAdoptionFailed'],
  version: { table: 'environment_adoptions', idOf: (event) => event.data.adoptionId },
  apply: applyAdoptionEvent,
  tables: ['environment_adoptions'],
});

async function applyAdoptionEvent(event: RecordedEvent<projects.AdoptionEvent>, tx: Transaction): Promise<void> {
  const { adoptionId } = event.data;
  switch (event.type) {
    case 'EnvironmentAdoptionStarted': {
      const { environmentId, sourceProjectId, targetProjectId, startedAt } = event.data;
      await tx.query(
        `INSERT INTO environment_adoptions (id, environment_id, source_project_id, target_project_id, status, started_at, version)
         VALUES ($1, $2, $3, $4, 'running', $5, 0)`,
        [adoptionId, environmentId, sourceProjectId, targetProjectId, startedAt],
      );
      return;
    }
    case 'EnvironmentAdoptionStepDone':
      await tx.query(`UPDATE environment_adoptions SET steps_done = steps_done || to_jsonb($2::text) WHERE id = $1`, [adoptionId, event.data.step]);
      return;
    case 'EnvironmentAdoptionCompleted':
      await tx.query(`UPDATE environment_adoptions SET status = 'completed' WHERE id = $1`, [adoptionId]);
      return;
    case 'EnvironmentAdoptionFailed': {
      const { step, code, detail } = event.data;
      await tx.query(`UPDATE environment_adoptions SET status = 'failed', failure = $2 WHERE id = $1`, [adoptionId, JSON.stringify({ step, code, detail })]);
      return;
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
