import type { Transaction } from '@strata/database';
import type { Event, InlineProjection, RecordedEvent } from './types';

export interface VersionedReadModel<E extends Event> {
  name: string;
  handles: readonly E['type'][];
  /** The aggregate's row, whose `version` is its stream's: the `ETag` of changes to it and to its children. */
  version: { table: string; idOf: (event: RecordedEvent<E>) => string | number };
  apply(event: RecordedEvent<E>, tx: Transaction): Promise<void>;
  /** What `reset` empties, in order: children first. */
  tables: readonly string[];
}

/** A read model of one aggregate type: each event is applied, then its aggregate's row takes the event's stream position. */
export function versionedProjection<E extends Event>(model: VersionedReadModel<E>): InlineProjection {
  return {
    name: model.name,
    handles: model.handles,
    async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
      for (const event of events as RecordedEvent<E>[]) {
        await model.apply(event, tx);
        await tx.query(`UPDATE ${model.version.table} SET version = $2 WHERE id = $1`, [model.version.idOf(event), event.streamPosition]);
      }
    },
    async reset(tx: Transaction): Promise<void> {
      for (const table of model.tables) await tx.query(`DELETE FROM ${table}`);
    },
  };
}
