import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { FlagsmithFlag, FlagsmithIdentity, OfrepResult } from './sdk-answers';

/** The SDK routes' bodies for the OpenAPI document, checked against the shapes the routes build (below). */

// A union with null spelled out: `.nullable()` on a union is `nullable` without `type` in OpenAPI 3.0, which is invalid.
const flagValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const traitValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const flagsmithFlagBody = z.object({
  id: z.number().int().meta({ description: 'the feature’s number (Flagsmith’s SDKs read integers): the first 31 bits of the flag’s UUID' }),
  feature: z.object({ id: z.number().int(), name: z.string().meta({ description: 'the flag’s key' }), type: z.enum(['STANDARD', 'MULTIVARIATE']) }),
  enabled: z.boolean(),
  feature_state_value: flagValue,
  environment: z.number().int(),
  identity: z.null(),
  feature_segment: z.null(),
});

const traitBody = z.object({ trait_key: z.string(), trait_value: traitValue });

export const flagsmithIdentityBody = z.object({ identifier: z.string(), flags: z.array(flagsmithFlagBody), traits: z.array(traitBody) });

export const flagsmithIdentityRequest = z.object({
  identifier: z.string().min(1).max(1_000),
  traits: z.array(traitBody.extend({ transient: z.boolean().optional() })).optional().meta({ description: 'used for this evaluation, not stored' }),
  transient: z.boolean().optional(),
});

const ofrepContext = z
  .object({ targetingKey: z.string().optional().meta({ description: 'the identifier' }) })
  .catchall(traitValue)
  .meta({ description: 'the other attributes are the identity’s traits' });

export const ofrepRequest = z.object({ context: ofrepContext.optional() });

export const ofrepResultBody = z.object({
  key: z.string(),
  value: flagValue.optional().meta({ description: 'absent with reason DISABLED: the SDK’s default applies' }),
  reason: z.enum(['STATIC', 'DEFAULT', 'TARGETING_MATCH', 'SPLIT', 'DISABLED']),
  variant: z.string(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export const ofrepBulkBody = z.object({
  flags: z.array(ofrepResultBody),
  eventStreams: z
    .array(z.object({ type: z.literal('sse'), endpoint: z.object({ requestUri: z.string() }) }))
    .meta({ description: 'the SSE stream that sends `refetchEvaluation` on a change (OFREP ADR-0008), joined to the origin the provider was given' }),
});

export const ofrepErrorBody = z.object({
  type: z.enum(['validation_error', 'authentication_error', 'invalid_request', 'server_error']),
  code: z.string(),
  detail: z.string(),
  attr: z.string().nullable(),
  key: z.string().optional().meta({ description: 'the flag asked for (single route)' }),
  errorCode: z.enum(['PARSE_ERROR', 'INVALID_CONTEXT', 'TARGETING_KEY_MISSING', 'FLAG_NOT_FOUND', 'GENERAL']),
  errorDetails: z.string(),
});

export class FlagsmithFlagListDto extends createZodDto(z.array(flagsmithFlagBody)) {}
export class FlagsmithIdentityDto extends createZodDto(flagsmithIdentityBody) {}
export class FlagsmithIdentityRequestDto extends createZodDto(flagsmithIdentityRequest) {}
export class OfrepRequestDto extends createZodDto(ofrepRequest) {}
export class OfrepResultDto extends createZodDto(ofrepResultBody) {}
export class OfrepBulkDto extends createZodDto(ofrepBulkBody) {}
export class OfrepErrorDto extends createZodDto(ofrepErrorBody) {}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _inSync: [
  Same<z.output<typeof flagsmithFlagBody>, FlagsmithFlag>,
  Same<z.output<typeof flagsmithIdentityBody>, FlagsmithIdentity>,
  Same<z.output<typeof ofrepResultBody>, OfrepResult>,
] = [true, true, true];
void _inSync;
