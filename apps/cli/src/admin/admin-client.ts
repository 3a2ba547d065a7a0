import { type AdminErrorReply, adminSubject, type AdminVerb, type ServiceName } from '@strata/contracts';
import { closeNats, connectNats } from '@strata/messaging';
import { UsageError } from '../gateway-client';
import { ErrorCode, type JetStreamManager, type Msg, type NatsConnection, NatsError, RequestStrategy } from 'nats';

/** An answer the CLI reports as a refusal (exit 1): a service's `{error}`, or nobody answering. */
export class AdminRefusal extends Error {}

/** `NATS_URL` and `STRATA_ADMIN_TIMEOUT_MS` when not set. */
export const ADMIN_DEFAULTS = { natsUrl: 'nats://127.0.0.1:4222', timeoutMs: 120_000 } as const;

/**
 * The admin commands' way to the system: NATS itself (`NATS_URL`, `NATS_PREFIX`), as an operator's tool on the
 * services' network — not the gateway, whose API keys are users' and whose routes are the product's.
 */
export class AdminClient {
  private constructor(
    private readonly nc: NatsConnection,
    readonly prefix: string,
    private readonly timeoutMs: number,
  ) {}

  static async fromEnvironment(env: NodeJS.ProcessEnv): Promise<AdminClient> {
    const url = env.NATS_URL ?? ADMIN_DEFAULTS.natsUrl;
    const timeoutMs = Number(env.STRATA_ADMIN_TIMEOUT_MS ?? ADMIN_DEFAULTS.timeoutMs);
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`STRATA_ADMIN_TIMEOUT_MS must be a number of milliseconds (got "${env.STRATA_ADMIN_TIMEOUT_MS}")`);
    try {
      const nc = await connectNats({ url: url.split(','), name: 'strata-admin' });
      return new AdminClient(nc, env.NATS_PREFIX ?? '', timeoutMs);
    } catch (error) {
      throw new AdminRefusal(`NATS at ${url} is unreachable (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  jetstreamManager(): Promise<JetStreamManager> {
    return this.nc.jetstreamManager();
  }

  /** One instance's answer (the admin queue group's, or the relay leader's for `republish`). */
  async ask<Reply>(service: ServiceName, verb: AdminVerb, request: object): Promise<Reply> {
    const subject = adminSubject(service, verb, this.prefix);
    try {
      return readReply<Reply>(service, await this.nc.request(subject, JSON.stringify(request), { timeout: this.timeoutMs }));
    } catch (error) {
      if (isNobody(error)) throw new AdminRefusal(`${service}: no instance answered ${subject} (is it running, with this NATS_URL and NATS_PREFIX?)`);
      throw error;
    }
  }

  /** Every running instance's answer: replies are gathered until none came for a moment. */
  async askAll<Reply>(service: ServiceName, verb: AdminVerb): Promise<Reply[]> {
    const replies: Reply[] = [];
    try {
      const answers = await this.nc.requestMany(adminSubject(service, verb, this.prefix), '{}', { strategy: RequestStrategy.JitterTimer, maxWait: 5_000, jitter: 500 });
      for await (const msg of answers) replies.push(readReply<Reply>(service, msg));
    } catch (error) {
      if (!isNobody(error)) throw error;
    }
    return replies;
  }

  close(): Promise<void> {
    return closeNats(this.nc);
  }
}

function readReply<Reply>(service: ServiceName, msg: Msg): Reply {
  const body = JSON.parse(new TextDecoder().decode(msg.data)) as Reply | AdminErrorReply;
  if (typeof body === 'object' && body !== null && 'error' in body) throw new AdminRefusal(`${service}: ${body.error}`);
  return body as Reply;
}

function isNobody(error: unknown): boolean {
  return error instanceof NatsError && (error.code === ErrorCode.NoResponders || error.code === ErrorCode.Timeout);
}
