import pino, { type DestinationStream, type Logger } from 'pino';
import { currentContext } from '@strata/messaging';
import type { LogLevel } from '../config/config';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level: LogLevel;
  /** Where JSON lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

/**
 * The one logger of a service: JSON lines, each naming the service and, inside a request, event or message, its
 * correlation id and actor (read from the async context, so no call site has to pass them).
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: contextFields,
  };
  // Synchronous: pino's default stdout stream writes asynchronously and its flush does not wait for a write in flight,
  // so the last lines before exit ('stopped') were lost now and then. A service logs little (no line per request).
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

function contextFields(): Record<string, string> {
  const context = currentContext();
  return context ? { correlationId: context.correlationId, actor: context.actor } : {};
}
