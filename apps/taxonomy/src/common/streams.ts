import type { taxonomy } from '@strata/contracts';

/**
 * Stream ids of the taxonomy service. Definitions are named by their natural key, so two first sightings of one name
 * collide on the stream (`no_stream`) and the loser re-decides on the winner's definition.
 */
export function groupTypeStreamId(projectId: number): string {
  return `taxonomy-${projectId}`;
}

export function eventDefinitionStreamId(projectId: number, name: string): string {
  return `event-definition-${projectId}-${name}`;
}

export function propertyDefinitionStreamId(
  projectId: number,
  kind: taxonomy.PropertyKind,
  groupTypeIndex: number | null,
  name: string,
): string {
  return `property-definition-${projectId}-${kind}-${groupTypeIndex ?? '_'}-${name}`;
}
