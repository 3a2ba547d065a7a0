import { projects } from '@strata/contracts';
import type { EventMetadata } from '@strata/eventstore';
import { currentContext } from '@strata/messaging';

/**
 * What every appended event records about its cause: the request's correlation (and causation) id, and who acted —
 * the authenticated principal when there is one, else the actor the caller's headers named (signup: `anonymous`).
 */
export function metadataFor(principal?: projects.Principal): EventMetadata {
  const context = currentContext();
  const metadata: EventMetadata = {
    correlationId: context?.correlationId,
    actor: principal ? projects.actorOf(principal) : (context?.actor ?? 'anonymous'),
  };
  if (context?.causationId) metadata.causationId = context.causationId;
  return metadata;
}

/** Timestamps travel in events as ISO-8601 strings. */
export function now(): string {
  return new Date().toISOString();
}
