import { z } from 'zod';
import { integerIdSchema, MAX_LIMIT } from '../common/schemas';
import { EntitiesTransferSubjects as S } from './transfer';

/** Each `entities.transfer.*` request as the entities service receives it (SPEC §6), checked where it enters. */

const environmentRef = z.object({ id: integerIdSchema, name: z.string().min(1) });
/** A staging key the export service makes (its job id): short, printable. */
const importId = z.string().min(1).max(200);
/** A chunk stays under one NATS message. */
export const MAX_STAGED_CHUNK_CHARS = 900_000;
export const MAX_STAGED_CHUNKS = 10_000;

const exportPage = z
  .object({
    projectId: integerIdSchema,
    section: z.enum(['tags', 'segments', 'features', 'environment']),
    environment: environmentRef.optional(),
    environments: z.array(environmentRef).optional(),
    includeIdentityOverrides: z.boolean().default(false),
    after: z.string().max(2_000).optional(),
    limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
  })
  .superRefine((request, context) => {
    if (request.section === 'environment' && request.environment === undefined) context.addIssue({ code: 'custom', message: 'The environment section names its environment.', path: ['environment'] });
    if (request.section !== 'tags' && request.environments === undefined) context.addIssue({ code: 'custom', message: "This section needs the file's environments.", path: ['environments'] });
  });

const stageImport = z
  .object({
    importId,
    projectId: integerIdSchema,
    chunk: z.number().int().min(0),
    chunks: z.number().int().min(1).max(MAX_STAGED_CHUNKS),
    text: z.string().max(MAX_STAGED_CHUNK_CHARS),
  })
  .refine((request) => request.chunk < request.chunks, { message: 'chunk must be below chunks.', path: ['chunk'] });

export const EntitiesTransferMessageSchemas = {
  [S.exportPage]: exportPage,
  [S.stageImport]: stageImport,
  [S.applyImport]: z.object({
    importId,
    projectId: integerIdSchema,
    strategy: z.enum(['SKIP', 'OVERWRITE_DESTRUCTIVE']),
    includeIdentityOverrides: z.boolean(),
    dryRun: z.boolean(),
    environmentIds: z.record(z.string(), integerIdSchema),
    createdEnvironments: z.array(z.string()).optional(),
  }),
  [S.discardImport]: z.object({ importId, projectId: integerIdSchema }),
  [S.importProgress]: z.object({ importId, projectId: integerIdSchema }),
} as const;
