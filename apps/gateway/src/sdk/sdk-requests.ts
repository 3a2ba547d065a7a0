import { AuthenticationError, ValidationError, flags } from '@strata/contracts';

/**
 * What the SDK routes read of a request before `flags.evaluate` judges the rest (the key, the identifier's length,
 * each trait): the credential, and the body's shape.
 */

type Traits = NonNullable<flags.EvaluateRequest['traits']>;

/** Flagsmith's `X-Environment-Key`; none is 401 as an unknown one is. */
export function environmentKeyOf(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key.length === 0) throw new AuthenticationError('An X-Environment-Key header is required.', 'not_authenticated');
  return key;
}

/** OFREP's key: `Authorization: Bearer <key>` or `X-API-Key`. */
export function ofrepKeyOf(authorization: string | undefined, apiKey: string | string[] | undefined): string {
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const key = bearer ?? (Array.isArray(apiKey) ? apiKey[0] : apiKey);
  if (key === undefined || key.length === 0) throw new AuthenticationError('An environment key is required: Authorization: Bearer <key> or X-API-Key.', 'not_authenticated');
  return key;
}

/** `POST /api/v1/identities/` `{identifier, traits?: [{trait_key, trait_value}], transient?}`. */
export function identityBodyOf(body: unknown): { identifier: string; traits: Traits } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('The body must be a JSON object {identifier, traits}.', null);
  const { identifier, traits } = body as Record<string, unknown>;
  const read = flags.identifierFrom(identifier);
  if (read === undefined) throw new ValidationError(`An identifier (a string of 1–${flags.MAX_IDENTIFIER_LENGTH} characters) is required.`, 'identifier');
  if (traits !== undefined && traits !== null && !Array.isArray(traits)) throw new ValidationError('traits is a list of {trait_key, trait_value}.', 'traits');
  return { identifier: read, traits: (traits ?? []) as Traits };
}

/** `?identifier=`, read by the one identifier rule (`flags.identifierSchema`: trimmed), so it finds its overrides. */
export function identifierOf(query: unknown): string {
  const identifier = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).identifier : undefined;
  const read = flags.identifierFrom(identifier);
  if (read === undefined) throw new ValidationError(`The identifier query parameter (1–${flags.MAX_IDENTIFIER_LENGTH} characters) is required.`, 'identifier');
  return read;
}

export interface OfrepContext {
  identifier?: string;
  traits: Record<string, flags.TraitValue>;
}

export type OfrepErrorCode = 'PARSE_ERROR' | 'INVALID_CONTEXT' | 'TARGETING_KEY_MISSING' | 'FLAG_NOT_FOUND' | 'GENERAL';

/** A 400 of OFREP: the SPEC's body plus the protocol's `errorCode` and `errorDetails`. */
export function ofrepInvalid(errorCode: OfrepErrorCode, detail: string, attr: string | null): ValidationError {
  return new ValidationError(detail, attr, errorCode === 'PARSE_ERROR' ? 'parse_error' : 'invalid_context', { errorCode, errorDetails: detail });
}

/** `{context: {targetingKey, ...attributes}}`: the targeting key is the identifier, the attributes its traits. */
export function ofrepContextOf(body: unknown): OfrepContext {
  if (body === undefined || body === null) return { traits: {} };
  if (typeof body !== 'object' || Array.isArray(body)) throw ofrepInvalid('PARSE_ERROR', 'The body must be a JSON object {context}.', null);
  const context = (body as Record<string, unknown>).context;
  if (context === undefined || context === null) return { traits: {} };
  if (typeof context !== 'object' || Array.isArray(context)) throw ofrepInvalid('INVALID_CONTEXT', 'context must be an object.', 'context');
  const { targetingKey, ...attributes } = context as Record<string, unknown>;
  if (targetingKey !== undefined && targetingKey !== null && (typeof targetingKey !== 'string' || targetingKey.length === 0)) {
    throw ofrepInvalid('INVALID_CONTEXT', 'targetingKey must be a non-empty string.', 'context.targetingKey');
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && typeof value === 'object') throw ofrepInvalid('INVALID_CONTEXT', 'A context attribute is a string, a number, a boolean or null.', `context.${name}`);
  }
  return { identifier: typeof targetingKey === 'string' ? targetingKey : undefined, traits: attributes as Record<string, flags.TraitValue> };
}
