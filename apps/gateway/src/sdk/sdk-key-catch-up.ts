import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { projects } from '@strata/contracts';
import { LiveFlagModel } from '@strata/flag-model';
import { hashApiKey } from '@strata/service-kit';
import type { FastifyRequest } from 'fastify';
import { ServiceClient } from '../service-client';

/** How long a key projects knows is waited for: well past SPEC §4.5's 1 s for a change to reach answers, since refusing a valid key is the worse answer. */
const CATCH_UP_MS = 5_000;
/** How long projects' "no such key" is believed, so a client retrying a wrong key costs it one lookup a second. */
const UNKNOWN_FOR_MS = 1_000;
const MAX_UNKNOWN = 10_000;
/**
 * Lookups in flight at once: a flood of made-up keys (each a new one) costs projects at most this many requests at a
 * time; beyond it a key the model does not know is judged by the model alone (401), as when projects does not answer.
 */
const MAX_ASKING = 32;

/**
 * Read your writes for SDK keys. The creator of an environment, a server key or a reset token is answered once projects
 * has stored it; this process's flag model learns it from the stream a few milliseconds later. So before an SDK route
 * judges a key its model does not know (and answers 401), it asks projects — the keys' truth — once, and waits for the
 * model to catch up with a key projects knows. A key the model knows costs nothing more than the lookup the route
 * makes anyway; the route itself still refuses a key that is unknown after this.
 */
@Injectable()
export class SdkKeyCatchUp implements CanActivate {
  private readonly unknown = new Map<string, number>();
  private readonly asking = new Map<string, Promise<void>>();

  constructor(
    @Inject(LiveFlagModel) private readonly live: LiveFlagModel,
    private readonly client: ServiceClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const key = sdkKeyOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (key !== undefined) await this.known(key);
    return true;
  }

  /** Resolves once the model knows `key`, or once it is clear that it will not soon. Never throws. */
  known(key: string): Promise<void> {
    if (this.live.evaluator.environmentOf(key) !== undefined) return Promise.resolve();
    let pending = this.asking.get(key);
    if (pending === undefined && this.asking.size >= MAX_ASKING) return Promise.resolve();
    if (pending === undefined) {
      pending = this.ask(key).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  private async ask(key: string): Promise<void> {
    try {
      if ((this.unknown.get(key) ?? 0) > Date.now()) return;
      const { key: owner } = await this.client.call(projects.ProjectsSubjects.resolveSdkKey, { secretHash: hashApiKey(key) });
      if (owner === null) this.rememberUnknown(key);
      else await this.live.until(() => this.live.evaluator.environmentOf(key) !== undefined, CATCH_UP_MS);
    } catch {
      // Projects not answering is not the caller's fault: the route judges the key by the model alone.
    }
  }

  private rememberUnknown(key: string): void {
    this.unknown.set(key, Date.now() + UNKNOWN_FOR_MS);
    if (this.unknown.size > MAX_UNKNOWN) this.unknown.delete(this.unknown.keys().next().value ?? key);
  }
}

/** Where the SDK routes carry their key: a stream's path, Flagsmith's header, OFREP's bearer or `X-API-Key`. */
function sdkKeyOf(request: FastifyRequest): string | undefined {
  const { api_key: inPath } = (request.params ?? {}) as { api_key?: string };
  const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  const candidates = [inPath, request.headers['x-environment-key'], bearer, request.headers['x-api-key']];
  const key = candidates.map((candidate) => (Array.isArray(candidate) ? candidate[0] : candidate)).find((candidate) => candidate !== undefined && candidate.length > 0);
  return key;
}
