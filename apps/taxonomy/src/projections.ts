import type { InlineProjection } from '@strata/eventstore';
import { eventDefinitionsProjection, propertyDefinitionsProjection } from './definitions/definitions.projection';
import { groupTypesProjection } from './group-types/group-types.projection';
import { taxonomyActivityProjection } from './history/activity';

/** Group types first: its removal tombstones are what the definition projections consult. */
export const taxonomyProjections: readonly InlineProjection[] = [groupTypesProjection, eventDefinitionsProjection, propertyDefinitionsProjection, taxonomyActivityProjection];
