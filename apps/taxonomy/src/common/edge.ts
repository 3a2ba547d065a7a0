import { taxonomy, type ResponseOf } from '@strata/contracts';
import { type ParsedRequest, requestHandlers } from '@strata/service-kit';

/** The service's subjects by name, as handlers name them: `@Handles(S.…)`. */
export const S = taxonomy.TaxonomySubjects;

/** `@Handles(subject)`: a `taxonomy.*` handler, handed its request validated with the schema its contract owns. */
export const Handles = requestHandlers(taxonomy.TaxonomyMessageSchemas);
export type Req<S extends taxonomy.TaxonomySubject> = ParsedRequest<typeof taxonomy.TaxonomyMessageSchemas, S>;
export type Reply<S extends taxonomy.TaxonomySubject> = Promise<taxonomy.TaxonomyResponse<S>>;

/** The same for `taxonomy.adoption.*` (an environment moving into another project). */
export const HandlesAdoption = requestHandlers(taxonomy.TaxonomyAdoptionMessageSchemas);
export type AdoptionReq<S extends keyof taxonomy.TaxonomyAdoptionRpc> = ParsedRequest<typeof taxonomy.TaxonomyAdoptionMessageSchemas, S>;
export type AdoptionReply<S extends keyof taxonomy.TaxonomyAdoptionRpc> = Promise<ResponseOf<taxonomy.TaxonomyAdoptionRpc, S>>;
