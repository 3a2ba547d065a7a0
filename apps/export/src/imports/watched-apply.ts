import { entities } from '@strata/contracts';
import { NoInstanceError, UnansweredError } from '@strata/messaging';
import { isTransient, retryTransient, type Services } from '../access/services';

const T = entities.EntitiesTransferSubjects;
/** Answers in a row saying nobody works on the apply (or no instance runs) before it counts as lost. */
const SILENT_PROBES = 2;
/** An import's apply lost this many times (its instances dying under it) ends the job's attempt. */
const MAX_LOST_APPLIES = 5;

export interface WatchOptions {
  /** How often the entities service is asked whether an instance still works on the apply. */
  progressMs: number;
  /** How long the entities service may stay out of reach (none running, none answering) before the job fails. */
  retryForMs: number;
  /** How long one apply call is waited for (`JOB_RPC_TIMEOUT_MS`); past it, an apply still held is waited for by asking. */
  callTimeoutMs: number;
}

/** The apply's instance was seen working on it, and then nobody was: it died with the apply. */
class LostApplyError extends UnansweredError {}

type Probe = entities.ImportProgressResponse | 'no_instance' | 'no_answer';

/**
 * An import's apply, watched (SPEC §6: a job's status matches the data). The apply is keyed by the import id, so it
 * may be sent again; while it runs, the entities service is asked every `progressMs` whether it is applied (then
 * that is the answer, even if the reply was lost) or still held by a living instance. An instance that dies with it
 * is noticed within two probes, not at the call's timeout, and the apply is sent again; an apply that outlives its
 * call's timeout while an instance still holds it is waited for. A busy instance (no answer to a probe) is alive.
 */
export function watchedApply(services: Services, request: entities.ApplyImportRequest, options: WatchOptions): Promise<entities.ApplyImportResponse> {
  let lost = 0;
  // An apply lost after it ran: the time it ran is not time the service was out of reach.
  const renews = (error: unknown) => error instanceof LostApplyError && ++lost < MAX_LOST_APPLIES;
  return retryTransient(() => applyOnce(services, request, options), options.retryForMs, renews);
}

async function applyOnce(services: Services, request: entities.ApplyImportRequest, options: WatchOptions): Promise<entities.ApplyImportResponse> {
  const settled = services.call(T.applyImport, request, { timeoutMs: options.callTimeoutMs }).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  let answer: Awaited<typeof settled> | undefined;
  let seenApplying = false;
  let unreachableSince: number | undefined;
  for (let silent = 0; silent < SILENT_PROBES; ) {
    const wait = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), options.progressMs));
    answer ??= await Promise.race([settled, wait]);
    if (answer !== undefined) {
      if ('value' in answer) return answer.value;
      // Refused, or nobody took it and nobody was seen working on it: the caller decides (a retry, or the failure).
      if (!isTransient(answer.error) || !seenApplying || request.dryRun) throw answer.error;
      await wait;
    }
    if (request.dryRun) continue; // a dry run holds no lock to ask about: it has its call's timeout
    const progress = await probe(services, request);
    if (progress === 'no_answer') {
      // Busy (alive), unless no probe is answered for as long as the service may be out of reach.
      unreachableSince ??= Date.now();
      if (answer !== undefined && Date.now() - unreachableSince > options.retryForMs) throw answer.error;
      continue;
    }
    unreachableSince = undefined;
    if (progress !== 'no_instance' && progress.applied) return progress.applied;
    if (progress !== 'no_instance' && progress.applying) {
      seenApplying = true;
      silent = 0;
    } else silent++;
  }
  throw new LostApplyError('The entities service instance applying the import stopped.');
}

async function probe(services: Services, request: entities.ApplyImportRequest): Promise<Probe> {
  try {
    return await services.call(T.importProgress, { importId: request.importId, projectId: request.projectId });
  } catch (error) {
    if (error instanceof NoInstanceError) return 'no_instance';
    if (isTransient(error)) return 'no_answer';
    throw error;
  }
}
