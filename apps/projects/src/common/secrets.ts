import { randomBytes } from 'node:crypto';
import { projects } from '@strata/contracts';

/** 32 bytes from the OS CSPRNG, base64url: the 43 characters every secret format requires. */
function randomPart(): string {
  return randomBytes(32).toString('base64url');
}

export function newEnvironmentToken(): string {
  return `${projects.ENVIRONMENT_TOKEN_PREFIX}${randomPart()}`;
}

export function newPersonalApiKey(): string {
  return `${projects.PERSONAL_API_KEY_PREFIX}${randomPart()}`;
}

export function newServerKey(): string {
  return `${projects.SERVER_KEY_PREFIX}${randomPart()}`;
}
