import { exportFormat } from '@strata/contracts';
import { type BaseConfig, baseConfigSchema, envVar } from '@strata/service-kit';
import type { z } from 'zod';

export const exportConfigSchema = baseConfigSchema.extend({
  /** The largest import file accepted (SPEC §6: 64 MiB); a larger one is 413. The gateway's body limit must exceed it. */
  IMPORT_MAX_BYTES: envVar.int(1024).prefault(String(exportFormat.DEFAULT_MAX_EXPORT_BYTES)),
  /** How long a finished export's file is kept for download. */
  EXPORT_FILE_TTL_MS: envVar.int(1000).prefault(String(24 * 60 * 60 * 1000)),
  /** How long an upload that no import named is kept after its last piece arrived. */
  UPLOAD_TTL_MS: envVar.int(1000).prefault(String(60 * 60 * 1000)),
  /** How often an idle worker looks for jobs nobody works on (a dead worker's included). */
  JOB_POLL_MS: envVar.int(10).prefault('1000'),
  /** A job whose worker died this many times ends FAILED instead of being resumed again. */
  JOB_MAX_ATTEMPTS: envVar.int(1).prefault('3'),
  /** Per request to the entities service while a job runs: an import's atomic append may take seconds. */
  JOB_RPC_TIMEOUT_MS: envVar.int(100).prefault('60000'),
  /** How long a job keeps asking a service that does not answer (not running, restarting, or its instance died). */
  JOB_RETRY_MS: envVar.int(0).prefault('60000'),
  /** How often a job waiting on an import's apply asks the entities service whether an instance still works on it. */
  JOB_PROGRESS_MS: envVar.int(50).prefault('1000'),
  /** The feature switch `project_import_export_identity_overrides` (SPEC §6): imports apply identity overrides only when on. */
  PROJECT_IMPORT_EXPORT_IDENTITY_OVERRIDES: envVar.bool().prefault('false'),
});

export type ExportConfig = z.output<typeof exportConfigSchema> & BaseConfig;
