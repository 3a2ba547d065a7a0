import type { EventMetadata, RecordedEvent } from './types';

/** The columns every read selects, in the shape `toRecordedEvent` maps. */
export const EVENT_COLUMNS =
  'global_position, id, stream_id, stream_position, type, data, metadata, transaction_id::text AS transaction_id, created_at';

export interface EventRow {
  global_position: string;
  id: string;
  stream_id: string;
  stream_position: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  transaction_id: string;
  created_at: Date;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
}

/** LISTEN/NOTIFY channel the appends of one schema signal on; channel names stop at 63 bytes. */
export function appendChannel(schema: string): string {
  return `strata_events_${schema}`.slice(0, 63);
}
