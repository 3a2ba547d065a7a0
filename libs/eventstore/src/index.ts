export * from './types';
export { uuidv7, uuidv7Time } from './uuid';
export { START, compareCheckpoints, checkpointOf } from './checkpoint';
export { versionMatches } from './expected-version';
export { ConcurrencyError } from './errors';
export { eventStoreMigrations } from './migrations';
export { PostgresEventStore, type EventStoreOptions, type ReadStreamOptions, type AppendOptions } from './event-store';
export { readAll, type ReadAllOptions, type ReadAllResult } from './read-all';
export { rebuildProjection, type RebuildOptions } from './rebuild';
export {
  handleCommand,
  handleMultiStreamCommand,
  type CommandOptions,
  type CommandResult,
  type MultiStreamDecider,
  type MultiStreamCommandOptions,
} from './command-handler';
export { OutboxRelay, type OutboxRelayOptions, type RelayLogger, type PublishedBatch, type RelayStats } from './relay/outbox-relay';
export { ensureEventStream, type EventStreamOptions } from './relay/ensure-event-stream';
export { backoffDelay, type BackoffOptions } from './relay/backoff';
export { retryOnConflict, type RetryOptions } from './retry';
