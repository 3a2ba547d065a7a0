import type { InlineProjection } from '@strata/eventstore';
import { eventDefinitionsProjection } from './event-definitions/event-definitions.projection';
import { groupTypesProjection } from './group-types/group-types.projection';
import { propertyDefinitionsProjection } from './property-definitions/property-definitions.projection';

/** Group types first: its removal tombstones are what the definition projections consult. */
export const taxonomyProjections: readonly InlineProjection[] = [groupTypesProjection, eventDefinitionsProjection, propertyDefinitionsProjection];
