import type { Environment } from '../api/types';
import { ActivityView } from '../history/activity-view';

/** SPEC §10: this environment's change log (its own and the project-wide changes it sees). */
export function EnvironmentActivityPage({ environment }: { environment: Environment }) {
  return <ActivityView title={`Activity in ${environment.name}`} base={`/api/v2/environments/${environment.id}/activity/`} environment={environment} />;
}

/** SPEC §10: the project's own change log (project-wide entities, taxonomy, its environments as this key sees them). */
export function ProjectActivityPage({ environment }: { environment: Environment }) {
  return <ActivityView title="Project activity" base={`/api/v2/projects/${environment.project_id}/activity/`} environment={environment} />;
}
