import { entities, type ResponseOf } from '@strata/contracts';
import { type ParsedRequest, requestHandlers } from '@strata/service-kit';

/** The service's subjects by name, as handlers name them: `@Handles(S.…)`. */
export const S = entities.EntitiesSubjects;

/** `@Handles(subject)`: an `entities.*` handler, handed its request validated with the schema its contract owns. */
export const Handles = requestHandlers(entities.EntitiesMessageSchemas);
export type Req<S extends entities.EntitiesSubject> = ParsedRequest<typeof entities.EntitiesMessageSchemas, S>;
export type Reply<S extends entities.EntitiesSubject> = Promise<entities.EntitiesResponse<S>>;

/** The same for `entities.transfer.*` (export pages and staged imports). */
export const HandlesTransfer = requestHandlers(entities.EntitiesTransferMessageSchemas);
export type TransferReq<S extends keyof entities.EntitiesTransferRpc> = ParsedRequest<typeof entities.EntitiesTransferMessageSchemas, S>;
export type TransferReply<S extends keyof entities.EntitiesTransferRpc> = Promise<ResponseOf<entities.EntitiesTransferRpc, S>>;

/** The same for `entities.adoption.*` (an environment moving into another project). */
export const HandlesAdoption = requestHandlers(entities.EntitiesAdoptionMessageSchemas);
export type AdoptionReq<S extends keyof entities.EntitiesAdoptionRpc> = ParsedRequest<typeof entities.EntitiesAdoptionMessageSchemas, S>;
export type AdoptionReply<S extends keyof entities.EntitiesAdoptionRpc> = Promise<ResponseOf<entities.EntitiesAdoptionRpc, S>>;

/** The same for `entities.compare` and `entities.copy.*` (SPEC §11). */
export const HandlesCopy = requestHandlers(entities.EntitiesCopyMessageSchemas);
export type CopyReq<S extends keyof entities.EntitiesCopyRpc> = ParsedRequest<typeof entities.EntitiesCopyMessageSchemas, S>;
export type CopyReply<S extends keyof entities.EntitiesCopyRpc> = Promise<ResponseOf<entities.EntitiesCopyRpc, S>>;
