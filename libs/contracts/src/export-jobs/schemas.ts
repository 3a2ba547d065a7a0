import { z } from 'zod';
import { integerIdSchema, pageQueryShape, pageRequestSchema, uuidSchema } from '../common/schemas';
import { principalSchema } from '../projects/principal';
import { ExportJobsSubjects as S } from './subjects';

/** Characters of a file's text per message: at most 3 UTF-8 bytes each, doubled by JSON escaping, under NATS's 1 MiB. */
export const TRANSFER_CHUNK_CHARS = 128 * 1024;
/** Enough pieces for a file far above any configured limit; the limit itself is the service's to check. */
export const MAX_TRANSFER_CHUNKS = 4_096;

const acting = { principal: principalSchema };
const projectId = integerIdSchema;
const jobId = uuidSchema;
const strategy = z.enum(['SKIP', 'OVERWRITE_DESTRUCTIVE']);
const chunk = z.number().int().min(0).max(MAX_TRANSFER_CHUNKS - 1);

/** Each `export.*` request as the service receives it over NATS. */
export const ExportJobsMessageSchemas = {
  [S.createExport]: z.object({ ...acting, projectId, includeIdentityOverrides: z.boolean() }),
  [S.getExport]: z.object({ ...acting, projectId, jobId }),
  [S.listExports]: z.object({ ...acting, projectId, page: pageRequestSchema }),
  [S.downloadExport]: z.object({ ...acting, projectId, jobId, chunk }),
  [S.uploadImport]: z.object({ ...acting, uploadId: uuidSchema, chunk, offset: z.number().int().nonnegative(), text: z.string().max(TRANSFER_CHUNK_CHARS) }),
  [S.createImport]: z.object({
    ...acting,
    projectId,
    uploadId: uuidSchema,
    strategy,
    dryRun: z.boolean(),
    chunks: z.number().int().min(1).max(MAX_TRANSFER_CHUNKS),
    bytes: z.number().int().nonnegative(),
  }),
  [S.getImport]: z.object({ ...acting, projectId, jobId }),
  [S.listImports]: z.object({ ...acting, projectId, page: pageRequestSchema }),
} as const;

/** The HTTP bodies of SPEC §6. */
export const http = {
  listJobs: z.strictObject(pageQueryShape),
  createExport: z.strictObject({ include_identity_overrides: z.boolean().default(false) }),
  createImport: z.strictObject({
    strategy,
    dry_run: z.boolean().default(false),
    /** The export file: as JSON, or its text (then broken JSON is reported with its line and column). */
    data: z.union([z.record(z.string(), z.unknown()), z.string()]).meta({ description: 'the export file (version 1), as a JSON object or as its text' }),
  }),
};
