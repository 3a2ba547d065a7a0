import { type exportJobs, type Same } from '@strata/contracts';
import { pageOf } from '../api/bodies';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Response bodies of SPEC §6, for the document; checked at compile time against the contracts' types. */

const status = z.enum(['PROCESSING', 'SUCCESS', 'FAILED']);
const counts = z.object({ created: z.number().int(), updated: z.number().int(), deleted: z.number().int(), skipped: z.number().int(), skipped_because: z.string().optional() });
const sections = ['tags', 'segments', 'features', 'environments', 'feature_states', 'segment_overrides', 'identity_overrides'] as const;

export const jobCreatedBody = z.object({ id: z.uuid(), status });
export const exportJobBody = z.object({
  id: z.uuid(),
  status,
  created_at: z.string().meta({ format: 'date-time' }),
  finished_at: z.string().nullable().meta({ format: 'date-time' }),
  error: z.string().nullable(),
});
export const importJobBody = exportJobBody.extend({
  strategy: z.enum(['SKIP', 'OVERWRITE_DESTRUCTIVE']),
  dry_run: z.boolean(),
  result_summary: z
    .object(Object.fromEntries(sections.map((section) => [section, counts])) as Record<(typeof sections)[number], typeof counts>)
    .nullable()
    .meta({ description: 'counts created / updated / deleted / skipped per section, once the job succeeded' }),
  plan: z.record(z.string(), z.unknown()).nullable().meta({ description: 'a dry run’s plan: what would be created, updated, skipped, per section and name' }),
});

export class JobCreatedDto extends createZodDto(jobCreatedBody) {}
export class ExportJobDto extends createZodDto(exportJobBody) {}
export class ImportJobDto extends createZodDto(importJobBody) {}
export class ExportJobPageDto extends createZodDto(pageOf(exportJobBody)) {}
export class ImportJobSummaryPageDto extends createZodDto(pageOf(importJobBody.omit({ plan: true }))) {}

const _inSync: [
  Same<z.output<typeof jobCreatedBody>, exportJobs.JobCreated>,
  Same<z.output<typeof exportJobBody>, exportJobs.ExportJob>,
  Same<Omit<z.output<typeof importJobBody>, 'plan'>, Omit<exportJobs.ImportJob, 'plan'>>,
] = [true, true, true];
void _inSync;
