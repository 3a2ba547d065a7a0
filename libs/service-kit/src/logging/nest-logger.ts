import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger } from 'pino';

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const NEST_TO_PINO: Record<NestLogLevel, PinoMethod> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Nest's per-module and per-route start-up lines: useful when debugging wiring, noise in every other start. */
const BOOT_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'NestMicroservice']);

/**
 * Routes Nest's own logs (bootstrap, route mapping, exceptions) through the service's pino logger. Nest calls
 * `error(message, stack?, context?)` and the other levels `(message, context?)`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  private write(level: NestLogLevel, message: unknown, params: unknown[]): void {
    const { context, stack } = splitParams(level, params);
    const method = level === 'log' && context && BOOT_CHATTER.has(context) ? 'debug' : NEST_TO_PINO[level];
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.logger[method]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[method]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[method](fields, String(message));
    }
  }
}

function splitParams(level: NestLogLevel, params: unknown[]): { context?: string; stack?: string } {
  const strings = params.filter((p): p is string => typeof p === 'string');
  if (strings.length === 0) return {};
  if (level === 'error' && strings.length >= 2) return { stack: strings[0], context: strings[strings.length - 1] };
  const last = strings[strings.length - 1];
  // A lone string after an error message is a stack when it looks like one, else the logger context.
  if (level === 'error' && last.includes('\n    at ')) return { stack: last };
  return { context: last };
}
