import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';
import { ACTIVITY_EVENTS, entryOf, type ActivityEntry, type ActivityEvent, type StreamState } from './activity';

/**
 * `activity`: the change log of SPEC §10, an entry per change with its actor, correlation id, field changes and the
 * stream's state after it (so any version reads back as it was). Written in the append's transaction, so a change is
 * in the history as soon as it is answered; rebuilt from the log like every read model (`rebuild activity`). A batch
 * (an import's tens of thousands of events) costs one read of the states its streams had and one insert.
 */
export const activityProjection: InlineProjection = {
  name: 'activity',
  handles: ACTIVITY_EVENTS,
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    const batch = events as RecordedEvent<ActivityEvent>[];
    const states = await latestStates(tx, streamsNeeded(batch));
    const entries: ActivityEntry[] = [];
    const known = { state: (streamId: string) => states.get(streamId) ?? null };
    for (const event of batch) {
      const entry = entryOf(event, known);
      if (entry === null) continue;
      entries.push(entry);
      states.set(entry.streamId, entry.state);
    }
    await insertEntries(tx, entries);
  },
  async reset(tx: Transaction): Promise<void> {
    await tx.query('DELETE FROM activity');
  },
};

function streamsNeeded(events: readonly RecordedEvent<ActivityEvent>[]): string[] {
  const streams = new Set<string>();
  for (const event of events) {
    streams.add(event.streamId);
    if ('flagId' in event.data) streams.add(`entity-${event.data.flagId}`);
  }
  return [...streams];
}

async function latestStates(tx: Transaction, streamIds: readonly string[]): Promise<Map<string, StreamState | null>> {
  const rows = await tx.query<{ stream_id: string; state: StreamState | null }>(
    'SELECT DISTINCT ON (stream_id) stream_id, state FROM activity WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version DESC',
    [streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, row.state]));
}

async function insertEntries(tx: Transaction, entries: readonly ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <T>(of: (entry: ActivityEntry) => T) => entries.map(of);
  await tx.query(
    `INSERT INTO activity (position, id, at, project_id, environment_id, stream_id, version, kind, entity_id, name, action, actor, correlation_id, changes, state)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::bigint[], $5::bigint[], $6::text[], $7::int[], $8::text[], $9::text[],
                          $10::text[], $11::text[], $12::uuid[], $13::text[], $14::jsonb[], $15::jsonb[])`,
    [
      column((e) => e.position), column((e) => e.id), column((e) => e.at), column((e) => e.projectId), column((e) => e.environmentId),
      column((e) => e.streamId), column((e) => e.version), column((e) => e.kind), column((e) => e.entityId), column((e) => e.name),
      column((e) => e.action), column((e) => e.actor), column((e) => e.correlationId), column((e) => JSON.stringify(e.changes)),
      column((e) => (e.state === null ? null : JSON.stringify(e.state))),
    ],
  );
}
