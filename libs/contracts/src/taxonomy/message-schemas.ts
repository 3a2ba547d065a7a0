import { z } from 'zod';
import type { Same } from '../common/schemas';
import { descriptionSchema, ifMatchSchema, integerIdSchema, pageRequestSchema, searchSchema, tagsSchema, uuidSchema } from '../common/schemas';
import { groupTypeIndexSchema, groupTypeLabelSchema, groupTypeNameSchema, propertyKindSchema, propertyTypeSchema } from './rules';
import { type TaxonomyRequest, type TaxonomySubject, TaxonomySubjects as S } from './subjects';

/** Each `taxonomy.*` request as the service receives it over NATS, camelCase. */

const projectId = integerIdSchema;
const definitionId = uuidSchema;

/** The mapper reports at most this many new group types of a project at once. */
export const MAX_GROUP_TYPES_PER_RESOLVE = 100;

const propertyObservation = z.object({
  name: z.string(),
  type: propertyKindSchema,
  groupTypeIndex: groupTypeIndexSchema.optional(),
  detectedType: propertyTypeSchema.nullable(),
});

export const TaxonomyMessageSchemas = {
  [S.listGroupTypes]: z.object({ projectId }),
  [S.renameGroupType]: z.object({
    projectId,
    index: groupTypeIndexSchema,
    nameSingular: groupTypeLabelSchema.optional(),
    namePlural: groupTypeLabelSchema.optional(),
    ifMatch: ifMatchSchema,
  }),
  [S.resolveGroupTypes]: z.object({ projectId, groupTypes: z.array(groupTypeNameSchema).max(MAX_GROUP_TYPES_PER_RESOLVE) }),
  [S.listEventDefinitions]: z.object({ projectId, search: searchSchema.optional(), page: pageRequestSchema }),
  [S.getEventDefinition]: z.object({ projectId, definitionId }),
  [S.updateEventDefinition]: z.object({
    projectId,
    definitionId,
    changes: z.object({ description: descriptionSchema.optional(), tags: tagsSchema.optional(), verified: z.boolean().optional() }),
    ifMatch: ifMatchSchema,
  }),
  [S.listPropertyDefinitions]: z.object({
    projectId,
    type: propertyKindSchema.optional(),
    groupTypeIndex: groupTypeIndexSchema.optional(),
    search: searchSchema.optional(),
    page: pageRequestSchema,
  }),
  [S.getPropertyDefinition]: z.object({ projectId, definitionId }),
  [S.updatePropertyDefinition]: z.object({
    projectId,
    definitionId,
    changes: z.object({ propertyType: propertyTypeSchema.optional(), description: descriptionSchema.optional() }),
    ifMatch: ifMatchSchema,
  }),
  [S.recordObservations]: z.object({
    projectId,
    eventNames: z.array(z.string()),
    properties: z.array(propertyObservation),
    seenAt: z.iso.datetime(),
  }),
} as const;

/** The schema a `taxonomy.*` handler parses its payload with. */
export function taxonomyMessageSchema<Subject extends TaxonomySubject>(subject: Subject): (typeof TaxonomyMessageSchemas)[Subject] {
  return TaxonomyMessageSchemas[subject];
}

// Fails to compile when a schema's output drifts from its contract type (the name in the error says which).
type Drift = { [Subject in TaxonomySubject]: Same<z.output<(typeof TaxonomyMessageSchemas)[Subject]>, TaxonomyRequest<Subject>> };
const _messagesInSync: { [Subject in TaxonomySubject as Drift[Subject] extends true ? never : Subject]: Drift[Subject] } = {};
void _messagesInSync;
