import { NotFoundError, type taxonomy } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { AggregateState, PostgresEventStore } from '@strata/eventstore';
import { groupTypeStreamId } from '../common/streams';
import { allDefinitions, eventDefinitionsTable, propertyDefinitionsTable } from '../definitions/definitions.queries';
import { groupTypeDecider, type GroupTypeRegistry } from '../group-types/group-types';
import { groupTypesOf } from '../group-types/group-types.queries';
import type { ProjectTaxonomy } from './adoption';

/** Both sides of an adoption. The target's registry comes from its stream, at the version the merge appends on. */
export interface AdoptionSides {
  source: ProjectTaxonomy;
  target: ProjectTaxonomy;
  targetRegistry: AggregateState<GroupTypeRegistry>;
}

/**
 * A source whose taxonomy is gone (the project deleted after a merge) has nothing left to merge: a resumed adoption
 * is answered an empty merge. A target whose taxonomy is gone is 404.
 */
export async function adoptionSides(store: PostgresEventStore, db: Database, request: taxonomy.TaxonomyAdoptionRequest): Promise<AdoptionSides> {
  const targetRegistry = await store.aggregateStream(groupTypeStreamId(request.targetProjectId), groupTypeDecider);
  if (targetRegistry.state.status === 'removed') throw new NotFoundError('Project not found.');
  const [source, targetDefinitions] = await Promise.all([projectTaxonomy(db, request.sourceProjectId), definitionsOf(db, request.targetProjectId)]);
  return { source, target: { groupTypes: targetRegistry.state.groupTypes, ...targetDefinitions }, targetRegistry };
}

async function projectTaxonomy(db: Database, projectId: number): Promise<ProjectTaxonomy> {
  const [bodies, definitions] = await Promise.all([groupTypesOf(db, projectId), definitionsOf(db, projectId)]);
  const groupTypes = bodies.map((body) => ({ groupType: body.group_type, index: body.group_type_index, nameSingular: body.name_singular, namePlural: body.name_plural }));
  return { groupTypes, ...definitions };
}

async function definitionsOf(db: Database, projectId: number): Promise<Omit<ProjectTaxonomy, 'groupTypes'>> {
  const [eventDefinitions, propertyDefinitions] = await Promise.all([allDefinitions(db, eventDefinitionsTable, projectId), allDefinitions(db, propertyDefinitionsTable, projectId)]);
  return { eventDefinitions, propertyDefinitions };
}
