import { exportJobs } from '@strata/contracts';
import { messageParser } from '@strata/service-kit';

/** Validates an `export.*` request where it enters the service, with the schema its contract owns. */
export const parseRequest = messageParser(exportJobs.ExportJobsMessageSchemas);
