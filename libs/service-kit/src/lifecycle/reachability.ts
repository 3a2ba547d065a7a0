import { connectNats } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import { maskSecret } from '../config/config';
import { splitList } from '../config/env-vars';
import { StartupError } from './startup-error';

/** Network error codes that mean "nothing answered there", as opposed to "something answered and said no". */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET']);

/** Connects once, runs `SELECT 1` and disconnects, or throws a StartupError whose message is one line. */
export async function checkPostgres(url: string, timeoutMs: number): Promise<void> {
  const where = `Postgres at ${hostOf(url)}`;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A refused or reset socket is reported through connect(); this keeps it from also surfacing as an 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(describePostgresFailure(where, error, timeoutMs));
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describePostgresFailure(where: string, error: unknown, timeoutMs: number): string {
  const code = errorCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) return `${where} is unreachable (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message)) return `${where} is unreachable (no answer within ${timeoutMs} ms)`;
  return `${where} refused the connection: ${firstLine(message)}`;
}

/**
 * Opens the service's NATS connection (messaging's settings: reconnect forever once connected), failing the start
 * with one line when the first connection does not succeed, e.g. a typo in NATS_URL or NATS not running.
 */
export async function openNats(url: string, name: string): Promise<NatsConnection> {
  const servers = splitList(url);
  try {
    return await connectNats({ url: servers, name });
  } catch (error) {
    const where = `NATS at ${servers.map(hostOf).join(', ')}`;
    const code = errorCode(error) ?? (error instanceof Error ? firstLine(error.message) : String(error));
    throw new StartupError(`${where} is unreachable (${code})`);
  }
}

export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.length > 1 ? parsed.pathname : '';
    return `${parsed.hostname}:${parsed.port || defaultPort(parsed.protocol)}${path}`;
  } catch {
    return maskSecret(url);
  }
}

function defaultPort(protocol: string): string {
  return protocol.startsWith('postgres') ? '5432' : '4222';
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
