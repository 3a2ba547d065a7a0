import { connect, type NatsConnection } from 'nats';

export interface NatsConnectOptions {
  /** `nats://host:port`, or several servers of one cluster. */
  url: string | string[];
  /** Shown by `nats server report connections`, so an operator can tell services and instances apart. */
  name: string;
  /** Keep retrying the first connection instead of failing the boot (when NATS may start after the service). */
  waitOnFirstConnect?: boolean;
}

/**
 * Connects with settings for long-running services: reconnect forever (a NATS restart must never need a service
 * restart), with jitter so a fleet does not reconnect in lockstep, and pings that notice a dead socket in ~30 s.
 */
export function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    reconnectJitter: 500,
    pingInterval: 10_000,
    maxPingOut: 3,
    timeout: 5_000,
    waitOnFirstConnect: options.waitOnFirstConnect ?? false,
  });
}

/** Drains (finish delivering what subscriptions already received, flush outgoing) and closes; safe to call twice. */
export async function closeNats(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  try {
    if (!nc.isDraining()) await nc.drain();
    await nc.closed();
  } catch {
    await nc.close();
  }
}
