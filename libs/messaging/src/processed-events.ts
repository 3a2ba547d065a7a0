import { type Transaction, sqlMigration } from '@strata/database';

const CreateProcessedEvents = sqlMigration(
  `CREATE TABLE processed_events (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
  )`,
);

/** Every service with consumers runs these before its own: `migrate({…, migrations: [...messagingMigrations, …]})`. */
export const messagingMigrations = [{ name: 'messaging-001-processed-events', class: CreateProcessedEvents }] as const;

/**
 * Records that `consumer` handled the event, in the transaction of its read-model change. False when it was already
 * recorded: a redelivery or a re-publish, to be skipped. A concurrent duplicate waits on the primary key until the
 * first transaction ends, so two instances never both apply one event.
 */
export async function recordProcessed(tx: Transaction, consumer: string, eventId: string): Promise<boolean> {
  const rows = await tx.query(
    'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1 AS inserted',
    [consumer, eventId],
  );
  return rows.length === 1;
}

/** Forgets every event `consumer` recorded: its read model is about to be rebuilt from the stream. */
export async function forgetProcessed(tx: Transaction, consumer: string): Promise<void> {
  await tx.query('DELETE FROM processed_events WHERE consumer = $1', [consumer]);
}
