import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { entities } from '@strata/contracts';
import { handleCommand, onNewStream, handleCommands, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { now } from '../common/clock';
import { parseRequest } from '../common/parse';
import { tagStream } from '../common/streams';
import { tagBody, tagDecider } from './tag';

const S = entities.EntitiesSubjects;
type Rpc<K extends entities.EntitiesSubject> = entities.EntitiesResponse<K>;

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

  @MessagePattern(S.listTags)
  async list(@Payload() payload: unknown): Promise<Rpc<'entities.tags.list'>> {
    const { projectId, page } = parseRequest(S.listTags, payload);
    const rows = await this.store.db.query<TagRow & { total: string }>(
      'SELECT *, count(*) OVER () AS total FROM tags WHERE project_id = $1 ORDER BY lower(label), id LIMIT $2 OFFSET $3',
      [projectId, page.limit, page.offset],
    );
    const count = rows.length > 0 ? Number(rows[0].total) : Number((await this.store.db.query<{ n: string }>('SELECT count(*) AS n FROM tags WHERE project_id = $1', [projectId]))[0].n);
    return { count, results: rows.map(rowBody) };
  }

  @MessagePattern(S.createTag)
  async create(@Payload() payload: unknown): Promise<Rpc<'entities.tags.create'>> {
    const { projectId, label, color, description, isPermanent } = parseRequest(S.createTag, payload);
    const tag = { id: uuidv7(), projectId, label, color: color ?? null, description: description ?? '', isPermanent: isPermanent ?? false, createdAt: now() };
    const [created] = await handleCommands(this.store, [onNewStream(tagDecider, tagStream(tag.id), { type: 'CreateTag', data: { tag } })] as const);
    return { result: tagBody(created.newState), version: created.nextVersion };
  }

  @MessagePattern(S.updateTag)
  async update(@Payload() payload: unknown): Promise<Rpc<'entities.tags.update'>> {
    const { projectId, tagId, ifMatch, ...changes } = parseRequest(S.updateTag, payload);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated = await handleCommand(this.store, tagDecider, tagStream(tagId), { type: 'UpdateTag', data: { projectId, changes: defined } }, { expectedVersion: ifMatch });
    return { result: tagBody(updated.newState), version: updated.nextVersion };
  }

  @MessagePattern(S.deleteTag)
  async delete(@Payload() payload: unknown): Promise<Rpc<'entities.tags.delete'>> {
    const { projectId, tagId, ifMatch } = parseRequest(S.deleteTag, payload);
    await handleCommand(this.store, tagDecider, tagStream(tagId), { type: 'DeleteTag', data: { projectId } }, { expectedVersion: ifMatch });
    return {};
  }
}

function rowBody(row: TagRow): entities.Tag {
  return { id: row.id, project_id: Number(row.project_id), label: row.label, color: row.color, description: row.description, is_permanent: row.is_permanent, created_at: row.created_at.toISOString() };
}
