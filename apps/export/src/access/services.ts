import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ServiceUnavailableError, type entities, type projects } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import type { ExportConfig } from '../config';

/** What the export service asks of others: projects (who may, which environments) and entities (the flag setup). */
type Rpc = projects.ProjectsRpc & entities.EntitiesTransferRpc;
export type OtherSubject = keyof Rpc & string;
export interface CallOptions {
  /** The job's own timeout (an import's atomic append may take seconds), instead of the default. */
  long?: boolean;
}
export type Call = <Subject extends OtherSubject>(subject: Subject, request: Rpc[Subject]['request'], options?: CallOptions) => Promise<Rpc[Subject]['response']>;
/** Whom a step asks: a request's handler asks once; a job asks through `forJobs`, which retries. */
export interface Services {
  call: Call;
}

/** Pause before a job's call is sent again; it doubles up to the cap (a restarting service takes seconds to answer). */
const RETRY_PAUSE_MS = 100;
const RETRY_PAUSE_CAP_MS = 2_000;

/** Typed request/reply to the projects and entities services; a job's long calls get the job's own timeout. */
@Injectable()
export class OtherServices implements Services, OnModuleDestroy {
  private readonly rpc: RpcClient;
  private readonly jobTimeoutMs: number;
  private readonly retryForMs: number;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnection, @Inject(SERVICE_CONFIG) config: ExportConfig) {
    this.rpc = new RpcClient({ nc: nats, prefix: config.NATS_PREFIX, timeoutMs: config.RPC_TIMEOUT_MS, actor: 'service:export' });
    this.jobTimeoutMs = config.JOB_RPC_TIMEOUT_MS;
    this.retryForMs = config.JOB_RETRY_MS;
  }

  readonly call: Call = (subject, request, options = {}) => this.rpc.request(subject, request, options.long ? { timeoutMs: this.jobTimeoutMs } : {});

  /**
   * `forJobs.call`: every call a job makes may be made twice (reads, staging keyed by the job, an apply keyed by the
   * import id, environments found by name first), so one that nobody answered — no instance running, or the one
   * that took it fell silent — is sent again with backoff for up to `JOB_RETRY_MS`, instead of failing the job.
   */
  private readonly retrying: Call = (subject, request, options = {}) => retryTransient(() => this.call(subject, request, options), this.retryForMs);

  readonly forJobs: Services = { call: this.retrying };

  onModuleDestroy(): void {
    this.rpc.close();
  }
}

/** Unanswered, or answered "unavailable": worth asking again; any other answer is final. */
export function isTransient(error: unknown): boolean {
  return error instanceof ServiceUnavailableError;
}

/**
 * Runs `attempt` again with backoff while it fails transiently, for up to `retryForMs`; then its last error.
 * `renews(error)`: a failure after which the budget starts afresh (the attempt was answered for a while, then lost).
 */
export async function retryTransient<T>(attempt: () => Promise<T>, retryForMs: number, renews: (error: unknown) => boolean = () => false): Promise<T> {
  let deadline = Date.now() + retryForMs;
  for (let pause = RETRY_PAUSE_MS; ; pause = Math.min(pause * 2, RETRY_PAUSE_CAP_MS)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (renews(error)) {
        deadline = Date.now() + retryForMs;
        pause = RETRY_PAUSE_MS;
      }
      if (Date.now() + pause > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
