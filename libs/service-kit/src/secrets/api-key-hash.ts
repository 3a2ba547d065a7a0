import { createHash } from 'node:crypto';

/**
 * The only form in which a personal API key or server key is stored or sent between services: sha256, hex. The key
 * has 256 bits of entropy, so an unsalted fast hash is enough and lets the key be looked up by its hash. Node-only
 * (node:crypto), so it lives in the service kit, not in the browser-safe projects face.
 */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
