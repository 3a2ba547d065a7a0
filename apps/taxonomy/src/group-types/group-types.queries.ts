import type { taxonomy } from '@strata/contracts';
import type { Database } from '@strata/database';

/** A project's group type mappings, sorted by index (at most 5). */
export function groupTypesOf(db: Database, projectId: number): Promise<taxonomy.GroupType[]> {
  return db.query<taxonomy.GroupType>(
    'SELECT group_type, group_type_index, name_singular, name_plural FROM group_types WHERE project_id = $1 ORDER BY group_type_index',
    [projectId],
  );
}
