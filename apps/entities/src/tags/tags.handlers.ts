import { Controller } from '@nestjs/common';
import { entities, textPage } from '@strata/contracts';
import { handleCommand, onNewStream, handleCommands, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { now } from '../common/clock';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { tagStream } from '../common/streams';
import { tagBody, tagDecider } from './tag';

interface TagRow {
  id: string;
  project_id: string;
  label: string;
  color: string | null;
  description: string;
  is_permanent: boolean;
  created_at: Date;
}

/** `entities.tags.*`: a project's tags (SPEC §4.4); entities carry them by label. */
@Controller()
export class TagsHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.listTags)
  async list({ projectId, page }: Req<'entities.tags.list'>): Reply<'entities.tags.list'> {
    const rows = await this.store.db.query<TagRow & { total: string }>(
      'SELECT *, count(*) OVER () AS total FROM tags WHERE project_id = $1 ORDER BY lower(label), id LIMIT $2 OFFSET $3',
      [projectId, page.limit, page.offset],
    );
    const count = rows.length > 0 ? Number(rows[0].total) : Number((await this.store.db.query<{ n: string }>('SELECT count(*) AS n FROM tags WHERE project_id = $1', [projectId]))[0].n);
    return textPage(count, rows.map(rowBody));
  }

  @Handles(S.createTag)
  async create({ projectId, label, color, description, isPermanent }: Req<'entities.tags.create'>): Reply<'entities.tags.create'> {
    const tag = { id: uuidv7(), projectId, label, color: color ?? null, description: description ?? '', isPermanent: isPermanent ?? false, createdAt: now() };
    const [created] = await handleCommands(this.store, [onNewStream(tagDecider, tagStream(tag.id), { type: 'CreateTag', data: { tag } })] as const);
    return { result: tagBody(created.newState), version: created.nextVersion };
  }

  @Handles(S.updateTag)
  async update({ projectId, tagId, ifMatch, ...changes }: Req<'entities.tags.update'>): Reply<'entities.tags.update'> {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated = await handleCommand(this.store, tagDecider, tagStream(tagId), { type: 'UpdateTag', data: { projectId, changes: defined } }, { expectedVersion: ifMatch });
    return { result: tagBody(updated.newState), version: updated.nextVersion };
  }

  @Handles(S.deleteTag)
  async delete({ projectId, tagId, ifMatch }: Req<'entities.tags.delete'>): Reply<'entities.tags.delete'> {
    await handleCommand(this.store, tagDecider, tagStream(tagId), { type: 'DeleteTag', data: { projectId } }, { expectedVersion: ifMatch });
    return {};
  }
}

function rowBody(row: TagRow): entities.Tag {
  return { id: row.id, project_id: Number(row.project_id), label: row.label, color: row.color, description: row.description, is_permanent: row.is_permanent, created_at: row.created_at.toISOString() };
}
