export * from './types';
export { uuidv7, uuidv7Time } from './uuid';
export { START, compareCheckpoints, checkpointOf } from './checkpoint';
export { versionMatches } from './expected-version';
export { ConcurrencyError, UniqueViolationError } from './errors';
export { eventStoreMigrations } from './migrations';
export { BULK_PIECE_EVENTS, type BulkAppendResult } from './bulk-append';
export { PostgresEventStore, type EventStoreOptions, type ReadStreamOptions, type AppendOptions } from './event-store';
export { readAll, type ReadAllOptions, type ReadAllResult } from './read-all';
export { rebuildProjection, type RebuildOptions } from './rebuild';
export { foldEvents, type AggregateState, type Evolver } from './aggregate';
export {
  appendOnce,
  atVersion,
  handleCommand,
  handleBulkCommands,
  handleCommands,
  onNewStream,
  onStream,
  type CommandInput,
  type CommandOptions,
  type CommandResult,
  type HandleOptions,
  type StreamCommand,
  type StreamOptions,
} from './command-handler';
export { OutboxRelay, type OutboxRelayOptions, type RelayLogger, type PublishedBatch, type RelayStats } from './relay/outbox-relay';
export { checkpointBefore, loadCheckpoint, RELAY_CHECKPOINT, unpublished } from './relay/checkpoint-store';
export { backoffDelay, type BackoffOptions } from './relay/backoff';
export { isLostRace, type RetryPolicy } from './retry';
export { versionedProjection, type VersionedReadModel } from './versioned-projection';
