import { type MigrationSet, sqlMigration } from '@strata/database';

/** Named so `ConcurrencyError` can be told apart from a read model's own unique violations. */
export const STREAM_POSITION_CONSTRAINT = 'events_stream_position_unique';

const CreateEventStore = sqlMigration(
  `
    CREATE TABLE events (
      global_position bigserial PRIMARY KEY,
      id uuid NOT NULL CONSTRAINT events_id_unique UNIQUE,
      stream_id text NOT NULL,
      stream_position integer NOT NULL CHECK (stream_position > 0),
      type text NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}',
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ${STREAM_POSITION_CONSTRAINT} UNIQUE (stream_id, stream_position)
    )`,
  // readAll and rebuilds walk the log in commit-safe order.
  'CREATE INDEX events_commit_order ON events (transaction_id, global_position)',
  `
    CREATE TABLE outbox_checkpoints (
      name text PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT '0',
      global_position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
);

/** Every service runs these before its own migrations: `migrate({ migrations: [...eventStoreMigrations, ...own] })`. */
export const eventStoreMigrations: MigrationSet['migrations'] = [
  { name: 'eventstore-0001-events-and-outbox', class: CreateEventStore },
];
