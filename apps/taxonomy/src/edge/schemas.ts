import { taxonomy } from '@strata/contracts';
import { z } from 'zod';

/** Payload schemas of the `taxonomy.*` subjects (`libs/contracts/src/taxonomy/messages.ts`). */

const projectId = z.number().int().positive();
const ifMatch = z.number().int().min(0).optional();
const page = z.object({ limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) });
const search = z.string().max(400).optional();
const definitionId = z.uuid();

export const listGroupTypes = z.object({ projectId });

export const renameGroupType = z.object({
  projectId,
  index: z.number().int().min(0).max(taxonomy.MAX_GROUP_TYPES - 1),
  name_singular: z.string().nullable().optional(),
  name_plural: z.string().nullable().optional(),
  ifMatch,
});

export const resolveGroupTypes = z.object({
  projectId,
  groupTypes: z.array(z.string().refine(taxonomy.isGroupTypeName, 'A group type is 1–400 characters, not blank.')).max(100),
});

export const listEventDefinitions = z.object({ projectId, search, page: page.default({ limit: 100, offset: 0 }) });

export const getDefinition = z.object({ projectId, definitionId });

export const updateEventDefinition = z.object({
  projectId,
  definitionId,
  changes: z.object({ description: z.string().optional(), tags: z.array(z.string()).optional(), verified: z.boolean().optional() }),
  ifMatch,
});

export const listPropertyDefinitions = z.object({
  projectId,
  type: z.enum(taxonomy.PROPERTY_KINDS).optional(),
  groupTypeIndex: z.number().int().min(0).max(taxonomy.MAX_GROUP_TYPES - 1).optional(),
  search,
  page: page.default({ limit: 100, offset: 0 }),
});

export const updatePropertyDefinition = z.object({
  projectId,
  definitionId,
  changes: z.object({ property_type: z.enum(taxonomy.PROPERTY_TYPES).optional(), description: z.string().optional() }),
  ifMatch,
});

const propertyObservation = z.object({
  name: z.string(),
  type: z.enum(taxonomy.PROPERTY_KINDS),
  groupTypeIndex: z.number().int().optional(),
  detectedType: z.enum(taxonomy.PROPERTY_TYPES).nullable(),
});

export const recordObservations = z.object({
  projectId,
  eventNames: z.array(z.string()),
  properties: z.array(propertyObservation),
  seenAt: z.iso.datetime(),
});
