import { ServiceUnavailableError, type entities, type projects } from '@strata/contracts';
import { TypedRpcClient } from '@strata/messaging';
import { rpcClientProvider } from '@strata/service-kit';

/** What the export service asks of others: projects (who may, which environments) and entities (the flag setup). */
export class OtherServices extends TypedRpcClient<projects.ProjectsRpc & entities.EntitiesTransferRpc> {}

export const otherServicesProvider = rpcClientProvider(OtherServices, () => ({ actor: 'service:export' }));

/** Whom a step asks: a request's handler asks `OtherServices` once; a job asks through `retryingForJobs`. */
export interface Services {
  call: OtherServices['call'];
}

/** Pause before a job's call is sent again; it doubles up to the cap (a restarting service takes seconds to answer). */
const RETRY_PAUSE_MS = 100;
const RETRY_PAUSE_CAP_MS = 2_000;

/**
 * A job's calls: every call a job makes may be made twice (reads, staging keyed by the job, an apply keyed by the
 * import id, environments found by name first), so one that nobody answered — no instance running, or the one
 * that took it fell silent — is sent again with backoff for up to `retryForMs` (`JOB_RETRY_MS`), instead of failing
 * the job.
 */
export function retryingForJobs(services: OtherServices, retryForMs: number): Services {
  return { call: (subject, request, options) => retryTransient(() => services.call(subject, request, options), retryForMs) };
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
