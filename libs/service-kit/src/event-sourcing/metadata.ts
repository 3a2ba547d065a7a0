import type { EventMetadata } from '@strata/eventstore';
import { currentContext } from '@strata/messaging';

/**
 * What every appended event records about its cause (SPEC §3), from the work in progress: the request's (or the
 * consumed event's) correlation id, the consumed event as causation, and who acted — the gateway names the
 * authenticated user, signup and unauthenticated callers are `anonymous`.
 */
export function metadataOfCurrentContext(): EventMetadata {
  const context = currentContext();
  const metadata: EventMetadata = { actor: context?.actor ?? 'anonymous' };
  if (context?.correlationId) metadata.correlationId = context.correlationId;
  if (context?.causationId) metadata.causationId = context.causationId;
  return metadata;
}
