import { entities } from '@strata/contracts';
import { messageParser } from '@strata/service-kit';

/** Validates an `entities.*` request where it enters the service, with the schema its contract owns. */
export const parseRequest = messageParser(entities.EntitiesMessageSchemas);

/** The same for `entities.transfer.*` (export pages and staged imports). */
export const parseTransferRequest = messageParser(entities.EntitiesTransferMessageSchemas);
