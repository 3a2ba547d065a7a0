import type { taxonomy } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';
import { lockProjectExclusive } from '../common/project-lock';

type Handled = taxonomy.GroupTypeEvent;

/**
 * `group_types`: the mappings of every project, unique by type and by index (the constraints back the registry
 * stream's optimistic concurrency up); `removed_projects`: the projects whose taxonomy is gone.
 */
export const groupTypesProjection: InlineProjection = {
  name: 'group_types',
  handles: ['GroupTypeRegistered', 'GroupTypeRenamed', 'ProjectTaxonomyRemoved'] satisfies Handled['type'][],
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    for (const event of events as RecordedEvent<Handled>[]) await applyOne(event, tx);
  },
  async reset(tx: Transaction): Promise<void> {
    await tx.query('DELETE FROM group_types');
    await tx.query('DELETE FROM removed_projects');
  },
};

async function applyOne(event: RecordedEvent<Handled>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'GroupTypeRegistered': {
      const { projectId, groupType, index } = event.data;
      await tx.query('INSERT INTO group_types (project_id, group_type, group_type_index) VALUES ($1, $2, $3)', [projectId, groupType, index]);
      return;
    }
    case 'GroupTypeRenamed': {
      const { projectId, index, nameSingular, namePlural } = event.data;
      await tx.query('UPDATE group_types SET name_singular = $3, name_plural = $4 WHERE project_id = $1 AND group_type_index = $2', [
        projectId,
        index,
        nameSingular,
        namePlural,
      ]);
      return;
    }
    case 'ProjectTaxonomyRemoved': {
      const { projectId, removedAt } = event.data;
      await lockProjectExclusive(tx, projectId);
      await tx.query('DELETE FROM group_types WHERE project_id = $1', [projectId]);
      await tx.query('INSERT INTO removed_projects (project_id, removed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [projectId, removedAt]);
      return;
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
