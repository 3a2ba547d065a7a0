import type { Transaction } from '@strata/database';
import type { Event, InlineProjection, RecordedEvent } from '@strata/eventstore';
import { runsOf } from '../common/bulk';
import { lockProjectsShared } from '../common/project-lock';

type ProjectEvent = Event<string, { projectId: number }>;

export interface DefinitionsReadModel<Handled extends ProjectEvent, Created extends Handled> {
  /** The table, one row per definition stream: also the projection's name. */
  table: string;
  handles: Handled['type'][];
  created: Created['type'];
  /** One statement for a run of first sightings; a removed project's definitions stay out. */
  insertCreated(events: RecordedEvent<Created>[], tx: Transaction): Promise<void>;
  applyOne(event: RecordedEvent<Handled>, tx: Transaction): Promise<void>;
}

/**
 * A definitions read model: creations are inserted a run at a time under their projects' shared lock (so a project's
 * removal, which takes it exclusively, never leaves an orphan row); every other event applies one by one.
 */
export function definitionsProjection<Handled extends ProjectEvent, Created extends Handled>(model: DefinitionsReadModel<Handled, Created>): InlineProjection {
  const isCreated = (event: RecordedEvent<Handled>): event is RecordedEvent<Created> => event.type === model.created;
  return {
    name: model.table,
    handles: model.handles,
    async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
      const handled = events as RecordedEvent<Handled>[];
      await lockProjectsShared(tx, handled.filter(isCreated).map((e) => e.data.projectId));
      for (const run of runsOf(handled)) {
        if (isCreated(run[0])) await model.insertCreated(run as RecordedEvent<Created>[], tx);
        else for (const event of run) await model.applyOne(event, tx);
      }
    },
    async reset(tx: Transaction): Promise<void> {
      await tx.query(`DELETE FROM ${model.table}`);
    },
  };
}
