import type { taxonomy } from '@strata/contracts';
import type { Database } from '@strata/database';
import { handleCommands, onNewStream, onStream, uuidv7, type Event, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { eventDefinitionStreamId, groupTypeStreamId, propertyDefinitionStreamId } from '../common/streams';
import { eventDefinitionDecider } from '../definitions/event-definition';
import { groupTypeDecider } from '../group-types/group-types';
import { propertyDefinitionDecider } from '../definitions/property-definition';
import { planAdoption, refusal, type AdoptionPlan } from './adoption';
import { adoptionSides, type AdoptionSides } from './adoption.queries';

/** Rounds lost to concurrent registrations or sightings in the target before the merge gives up (409). */
const MAX_ATTEMPTS = 10;

/** What merging would do, changing nothing. */
export async function planTaxonomyAdoption(store: PostgresEventStore, db: Database, request: taxonomy.TaxonomyAdoptionRequest): Promise<taxonomy.TaxonomyAdoptionReport> {
  const sides = await adoptionSides(store, db, request);
  return planAdoption(sides.source, sides.target).report;
}

/**
 * Merges in one append: the target's registry stream (expected at the version the plan read, so a concurrent
 * registration makes the merge plan again) and one new stream per definition the target gains (a concurrent first
 * sighting of one of them conflicts the same way). Whatever the target already has decides nothing, so a second merge
 * appends nothing.
 */
export async function mergeTaxonomy(store: PostgresEventStore, db: Database, request: taxonomy.MergeTaxonomyRequest): Promise<taxonomy.TaxonomyAdoptionReport> {
  let report: taxonomy.TaxonomyAdoptionReport | undefined;
  await handleCommands(
    store,
    async () => {
      const sides = await adoptionSides(store, db, request);
      const plan = planAdoption(sides.source, sides.target);
      const refused = refusal(plan.report, request.acceptGroupTypeDisruption);
      if (refused !== null) throw refused;
      report = plan.report;
      return mergeCommands(request.targetProjectId, plan, sides, new Date().toISOString());
    },
    { retry: { attempts: MAX_ATTEMPTS } },
  );
  return report as taxonomy.TaxonomyAdoptionReport;
}

function mergeCommands(projectId: number, plan: AdoptionPlan, sides: AdoptionSides, adoptedAt: string): StreamCommand<unknown, Event>[] {
  const registry = onStream(groupTypeDecider, groupTypeStreamId(projectId), { type: 'AdoptGroupTypes', data: { projectId, groupTypes: plan.groupTypes, adoptedAt } }, { from: sides.targetRegistry });
  const events = plan.eventDefinitions.map((definition) =>
    onNewStream(eventDefinitionDecider, eventDefinitionStreamId(projectId, definition.name), {
      type: 'AdoptEventDefinition',
      data: { adopted: { ...definition, projectId, definitionId: uuidv7() }, adoptedAt },
    }),
  );
  const properties = plan.propertyDefinitions.map((definition) =>
    onNewStream(propertyDefinitionDecider, propertyDefinitionStreamId(projectId, definition.kind, definition.groupTypeIndex, definition.name), {
      type: 'AdoptPropertyDefinition',
      data: { adopted: { ...definition, projectId, definitionId: uuidv7() }, adoptedAt },
    }),
  );
  return [registry, ...events, ...properties] as StreamCommand<unknown, Event>[];
}
