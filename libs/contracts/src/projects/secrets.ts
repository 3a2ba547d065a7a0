/**
 * The three kinds of secrets the projects service hands out. Each is `prefix` + 43 url-safe characters (32 random
 * bytes, base64url). The service never generates them inside a decision: handlers supply them in commands.
 */
export const ENVIRONMENT_TOKEN_PREFIX = 'phc_';
export const PERSONAL_API_KEY_PREFIX = 'phx_';
/** Server-side SDK keys (SPEC §4.5): Flagsmith's prefix, so its server SDKs recognise them. */
export const SERVER_KEY_PREFIX = 'ser.';

const ENVIRONMENT_TOKEN_PATTERN = /^phc_[A-Za-z0-9_-]{43}$/;
const PERSONAL_API_KEY_PATTERN = /^phx_[A-Za-z0-9_-]{43}$/;
const SERVER_KEY_PATTERN = /^ser\.[A-Za-z0-9_-]{43}$/;

/** How many characters of a personal API key or server key stay visible (prefix + 4) so a user can tell keys apart. */
export const PERSONAL_API_KEY_VISIBLE_LENGTH = 8;

export function isEnvironmentToken(value: string): boolean {
  return ENVIRONMENT_TOKEN_PATTERN.test(value);
}

export function isPersonalApiKey(value: string): boolean {
  return PERSONAL_API_KEY_PATTERN.test(value);
}

export function isServerKey(value: string): boolean {
  return SERVER_KEY_PATTERN.test(value);
}

export function visiblePrefixOf(secret: string): string {
  return secret.slice(0, PERSONAL_API_KEY_VISIBLE_LENGTH);
}
