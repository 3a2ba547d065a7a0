/** Where an entity lives: its project, and its environment — `null` once project-wide. */
export interface EntityScope {
  projectId: number;
  environmentId: number | null;
}

/**
 * Who sees an entity (SPEC §4.4): the environments of its project — every one once it is project-wide, else only its
 * own. The entities service refuses what an environment does not see with a 404; flag evaluation leaves it out.
 */
export function isSeenFrom(entity: EntityScope, projectId: number, environmentId: number): boolean {
  return entity.projectId === projectId && (entity.environmentId === null || entity.environmentId === environmentId);
}
