import { z } from 'zod';
import { StartupError } from '../lifecycle/startup-error';
import { envVar } from './env-vars';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every Strata service reads from its environment. A service adds its own with `baseConfigSchema.extend`. */
export const baseConfigSchema = z.object({
  SERVICE_NAME: envVar.string('a service name').pipe(z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and -' })),
  DATABASE_URL: envVar.url(['postgres:', 'postgresql:'], 'postgres://user@host:5432/database'),
  /** Defaults to the service name with `-` replaced by `_`. */
  DATABASE_SCHEMA: envVar
    .string()
    .pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a schema name (lower-case letters, digits and _)' }))
    .optional(),
  NATS_URL: envVar.urlList(['nats:', 'tls:'], 'nats://host:4222'),
  /** Namespace for every subject and stream; empty in production, unique per test run. */
  NATS_PREFIX: z.string().prefault(''),
  /** Copies of each of the service's streams a NATS cluster keeps: 3 on a cluster of 3, 1 on a single server. */
  NATS_STREAM_REPLICAS: envVar.int(1, 5).prefault('1'),
  HOST: envVar.string('a host name or IP address').prefault('0.0.0.0'),
  PORT: envVar.port(),
  LOG_LEVEL: envVar.oneOf(LOG_LEVELS).prefault('info'),
  SHUTDOWN_TIMEOUT_MS: envVar.int(1).prefault('10000'),
  RPC_TIMEOUT_MS: envVar.int(1).prefault('5000'),
});

export type BaseConfig = Omit<z.output<typeof baseConfigSchema>, 'DATABASE_SCHEMA'> & { DATABASE_SCHEMA: string };
export type ConfigOf<Schema extends z.ZodType<z.output<typeof baseConfigSchema>>> = z.output<Schema> & BaseConfig;

export type Env = Readonly<Record<string, string | undefined>>;

/** Every configuration problem found at start, each naming the variable, its value and what was expected. */
export class ConfigError extends StartupError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.problems = problems;
  }
}

/**
 * Reads and validates the configuration once, at start. Empty variables count as unset, so `FOO=` in a compose
 * file falls back to the default instead of failing as an empty value.
 */
export function loadConfig<Schema extends z.ZodType<z.output<typeof baseConfigSchema>>>(
  schema: Schema,
  env: Env = process.env,
): ConfigOf<Schema> {
  const present = withoutEmpty(env);
  const result = schema.safeParse(present);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, present));
  const config = result.data;
  return { ...config, DATABASE_SCHEMA: config.DATABASE_SCHEMA ?? config.SERVICE_NAME.replace(/-/g, '_') };
}

function describeIssues(issues: readonly z.core.$ZodIssue[], env: Env): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const issue of issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
    // A failing refine after a failing type check would name the variable twice.
    if (seen.has(name)) continue;
    seen.add(name);
    problems.push(describe(name, issue.message, env[name]));
  }
  return problems;
}

function describe(name: string, message: string, value: string | undefined): string {
  const expectation = message.startsWith('must ') ? message : `is invalid: ${message}`;
  const got = value === undefined ? 'not set' : `got ${JSON.stringify(maskSecret(value))}`;
  return `${name} ${expectation} (${got})`;
}

/** Values end up in logs and terminals: a password inside a URL is hidden. */
export function maskSecret(value: string): string {
  return value.replace(/(\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1***@');
}

function withoutEmpty(env: Env): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') present[key] = value;
  return present;
}
