import type { InlineProjection } from '@strata/eventstore';
import { eventDefinitionsProjection } from './event-definitions.projection';
import { groupTypesProjection } from './group-types.projection';
import { propertyDefinitionsProjection } from './property-definitions.projection';

export { taxonomyMigrations } from './migrations';
export { groupTypesProjection, eventDefinitionsProjection, propertyDefinitionsProjection };

/** Group types first: its removal tombstones are what the definition projections consult. */
export const taxonomyProjections: readonly InlineProjection[] = [groupTypesProjection, eventDefinitionsProjection, propertyDefinitionsProjection];
