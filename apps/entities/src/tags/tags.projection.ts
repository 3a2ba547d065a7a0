import type { entities } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import { versionedProjection, type RecordedEvent } from '@strata/eventstore';

/** `tags`: the project's labels, unique case-insensitively (the index is the backstop of concurrent creations). */
export const tagsProjection = versionedProjection<entities.TagEvent>({
  name: 'tags',
  handles: ['TagCreated', 'TagUpdated', 'TagDeleted'],
  version: { table: 'tags', idOf: (event) => (event.type === 'TagDeleted' ? event.data.id : event.data.tag.id) },
  apply: applyEvent,
  tables: ['tags'],
});

async function applyEvent(event: RecordedEvent<entities.TagEvent>, tx: Transaction): Promise<void> {
  if (event.type === 'TagDeleted') {
    await tx.query('DELETE FROM tags WHERE id = $1', [event.data.id]);
    return;
  }
  const { id, projectId, label, color, description, isPermanent, createdAt } = event.data.tag;
  await tx.query(
    `INSERT INTO tags (id, project_id, label, color, description, is_permanent, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, color = EXCLUDED.color, description = EXCLUDED.description, is_permanent = EXCLUDED.is_permanent`,
    [id, projectId, label, color, description, isPermanent, createdAt],
  );
}
