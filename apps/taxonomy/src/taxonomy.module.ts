import { Module } from '@nestjs/common';
import { AdoptionHandlers } from './adoption/adoption.handlers';
import { DefinitionsHandlers } from './definitions/definitions.handlers';
import { GroupTypesHandlers } from './group-types/group-types.handlers';
import { HistoryHandlers } from './history/history.handlers';
import { ObservationsHandlers } from './observations/observations.handlers';

/** The taxonomy service: group type mappings, event and property definitions, per project, and their change log (SPEC §2, §4.3, §7, §10). */
@Module({
  controllers: [GroupTypesHandlers, DefinitionsHandlers, ObservationsHandlers, AdoptionHandlers, HistoryHandlers],
})
export class TaxonomyModule {}
