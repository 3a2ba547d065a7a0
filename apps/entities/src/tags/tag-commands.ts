import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import { onNewStream, uuidv7, type StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';
import { tagStream } from '../common/streams';
import { tagDecider, type TagState } from './tag';

/**
 * Entities carry tags as labels; a label the project does not know yet becomes a tag in the same append (SPEC §4.4).
 * Two appends racing to create one label meet on the read model's unique index and the loser decides again.
 */
export async function tagCommands(db: Database, projectId: number, labels: readonly string[]): Promise<StreamCommand<TagState, entities.TagEvent>[]> {
  if (labels.length === 0) return [];
  const known = await db.query<{ label: string }>('SELECT lower(label) AS label FROM tags WHERE project_id = $1 AND lower(label) = ANY($2::text[])', [
    projectId,
    labels.map((label) => label.toLowerCase()),
  ]);
  const seen = new Set(known.map((row) => row.label));
  const missing = labels.filter((label) => !seen.has(label.toLowerCase()) && seen.add(label.toLowerCase()));
  const createdAt = now();
  return missing.map((label) => {
    const id = uuidv7();
    const tag = { id, projectId, label, color: null, description: '', isPermanent: false, createdAt };
    return onNewStream(tagDecider, tagStream(id), { type: 'CreateTag', data: { tag } });
  });
}
