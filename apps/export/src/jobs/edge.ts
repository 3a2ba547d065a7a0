import { exportJobs } from '@strata/contracts';
import { type ParsedRequest, requestHandlers } from '@strata/service-kit';

/** The service's subjects by name, as handlers name them: `@Handles(S.…)`. */
export const S = exportJobs.ExportJobsSubjects;

/** `@Handles(subject)`: an `export.*` handler, handed its request validated with the schema its contract owns. */
export const Handles = requestHandlers(exportJobs.ExportJobsMessageSchemas);
export type Req<S extends exportJobs.ExportJobsSubject> = ParsedRequest<typeof exportJobs.ExportJobsMessageSchemas, S>;
export type Reply<S extends exportJobs.ExportJobsSubject> = Promise<exportJobs.ExportJobsResponse<S>>;
