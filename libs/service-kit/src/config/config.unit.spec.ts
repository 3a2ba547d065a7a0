import { baseConfigSchema, ConfigError, loadConfig } from './config';
import { envVar } from './env-vars';

const valid = {
  SERVICE_NAME: 'ingestion-mapping',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/strata',
  NATS_URL: 'nats://127.0.0.1:4222',
  PORT: '8004',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(baseConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a valid environment and fills the defaults', () => {
    expect(loadConfig(baseConfigSchema, valid)).toEqual({
      ...valid,
      PORT: 8004,
      DATABASE_SCHEMA: 'ingestion_mapping',
      NATS_PREFIX: '',
      NATS_STREAM_REPLICAS: 1,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      RPC_TIMEOUT_MS: 5_000,
    });
  });

  it('names the variable, the value and what it expects', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'nope' })).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL like postgres://user@host:5432/database (got "nope")',
    ]);
  });

  it('lists every problem at once, in one message', () => {
    const env = { ...valid, NATS_URL: 'http://127.0.0.1:4222', PORT: '80000', LOG_LEVEL: 'loud', SHUTDOWN_TIMEOUT_MS: '-5' };

    expect(problemsOf(env)).toEqual([
      'NATS_URL must be a nats:// or tls:// URL like nats://host:4222 (several: comma-separated) (got "http://127.0.0.1:4222")',
      'PORT must be a whole number 1-65535 (got "80000")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'SHUTDOWN_TIMEOUT_MS must be a whole number >= 1 (got "-5")',
    ]);
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(/NATS_URL .*; PORT .*; LOG_LEVEL .*; SHUTDOWN_TIMEOUT_MS/);
  });

  it('says which required variables are not set', () => {
    expect(problemsOf({ SERVICE_NAME: 'projects' })).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL like postgres://user@host:5432/database (not set)',
      'NATS_URL must be a nats:// or tls:// URL like nats://host:4222 (several: comma-separated) (not set)',
      'PORT must be a whole number 1-65535 (not set)',
    ]);
  });

  it('treats an empty variable as unset, so defaults apply', () => {
    expect(loadConfig(baseConfigSchema, { ...valid, LOG_LEVEL: '', NATS_PREFIX: '' }).LOG_LEVEL).toBe('info');
  });

  it('hides a password inside a URL it reports', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://app:s3cret@db:3306/x' })[0]).toContain('(got "mysql://app:***@db:3306/x")');
  });

  it('accepts several NATS servers, and an explicit schema name', () => {
    const config = loadConfig(baseConfigSchema, { ...valid, NATS_URL: 'nats://a:4222, nats://b:4222', DATABASE_SCHEMA: 'mapping' });

    expect(config.DATABASE_SCHEMA).toBe('mapping');
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(problemsOf({ ...valid, DATABASE_SCHEMA: 'x; drop' })).toEqual([
      'DATABASE_SCHEMA must be a schema name (lower-case letters, digits and _) (got "x; drop")',
    ]);
  });

  it('validates the variables a service adds', () => {
    const schema = baseConfigSchema.extend({ SIGNUP_ENABLED: envVar.bool().prefault('true'), MAX_BODY_BYTES: envVar.int(1) });

    expect(loadConfig(schema, { ...valid, MAX_BODY_BYTES: '1024' })).toMatchObject({ SIGNUP_ENABLED: true, MAX_BODY_BYTES: 1024 });
    expect(() => loadConfig(schema, { ...valid, SIGNUP_ENABLED: 'maybe' })).toThrow(
      'SIGNUP_ENABLED must be true or false (also 1/0, yes/no) (got "maybe"); MAX_BODY_BYTES must be a whole number >= 1 (not set)',
    );
  });
});
