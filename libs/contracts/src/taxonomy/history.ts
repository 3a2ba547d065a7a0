import { z } from 'zod';
import { cursorPage, filterSchema, type ActivityFilter, type ActivityRecord, type CursorPage, type CursorRequest } from '../common/history';
import { integerIdSchema } from '../common/schemas';

/**
 * The taxonomy service's part of a project's change log (SPEC §10): its event and property definitions and group
 * types (kinds `event_definition`, `property_definition`, `group_type`). Taxonomy is the project's, so every entry is
 * a change of the project as a whole; the gateway has decided the caller sees the project before it asks.
 */
export const TaxonomyHistorySubjects = {
  activity: 'taxonomy.history.activity',
} as const;

export interface TaxonomyActivityRequest extends CursorRequest {
  projectId: number;
  filter: ActivityFilter;
}

export interface TaxonomyHistoryRpc {
  'taxonomy.history.activity': { request: TaxonomyActivityRequest; response: CursorPage<ActivityRecord> };
}

export const TaxonomyHistoryMessageSchemas = {
  [TaxonomyHistorySubjects.activity]: z.object({ projectId: integerIdSchema, filter: filterSchema, ...cursorPage }),
} as const;
