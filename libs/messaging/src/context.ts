import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { MessageContext } from '@strata/contracts';

/**
 * The correlation id and actor of the work in progress, carried across awaits. The gateway opens one per HTTP
 * request, an RPC server per request from its headers, a consumer per event from its metadata; the logger and every
 * outgoing message read it from here.
 */
const storage = new AsyncLocalStorage<MessageContext>();

export function runInContext<T>(context: MessageContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): MessageContext | undefined {
  return storage.getStore();
}

export function newContext(actor = 'anonymous', correlationId: string = randomUUID()): MessageContext {
  return { correlationId, actor };
}
