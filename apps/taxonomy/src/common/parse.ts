import { taxonomy } from '@strata/contracts';
import { messageParser } from '@strata/service-kit';

/** Validates a `taxonomy.*` request where it enters the service, with the schema its contract owns. */
export const parseRequest = messageParser(taxonomy.TaxonomyMessageSchemas);
