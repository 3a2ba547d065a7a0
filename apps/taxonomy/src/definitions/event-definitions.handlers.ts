import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { eventDefinitionBody, eventDefinitionDecider, eventDefinitionStreamId, type ExistingEventDefinition } from '../domain';
import { parsePayload } from '../edge/parse';
import * as schemas from '../edge/schemas';
import { containsPattern, EVENT_DEFINITION_COLUMNS, eventDefinitionState, type EventDefinitionRow } from './definition-rows';

const S = taxonomy.TaxonomySubjects;

/** Event definitions of a project (SPEC §4.3): listed and read from the read model, labelled through the decider. */
@Controller()
export class EventDefinitionsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @MessagePattern(S.listEventDefinitions)
  async list(@Payload() payload: unknown): Promise<taxonomy.ListEventDefinitionsResponse> {
    const { projectId, search, page } = parsePayload(schemas.listEventDefinitions, payload);
    const rows = await this.db.query<EventDefinitionRow & { total: string }>(
      `SELECT ${EVENT_DEFINITION_COLUMNS}, count(*) OVER () AS total FROM event_definitions
        WHERE project_id = $1 AND ($2::text IS NULL OR name ILIKE $2)
        ORDER BY name, id LIMIT $3 OFFSET $4`,
      [projectId, containsPattern(search), page.limit, page.offset],
    );
    const count = rows.length > 0 ? Number(rows[0].total) : await this.count(projectId, search);
    return { count, results: rows.map((row) => eventDefinitionBody(eventDefinitionState(row))) };
  }

  @MessagePattern(S.getEventDefinition)
  async get(@Payload() payload: unknown): Promise<taxonomy.GetEventDefinitionResponse> {
    const { projectId, definitionId } = parsePayload(schemas.getDefinition, payload);
    const row = await this.find(projectId, definitionId);
    return { result: eventDefinitionBody(eventDefinitionState(row)), version: row.version };
  }

  @MessagePattern(S.updateEventDefinition)
  async update(@Payload() payload: unknown): Promise<taxonomy.UpdateEventDefinitionResponse> {
    const { projectId, definitionId, changes, ifMatch } = parsePayload(schemas.updateEventDefinition, payload);
    const row = await this.find(projectId, definitionId);
    const command = { type: 'UpdateEventDefinition' as const, data: { changes, updatedAt: new Date().toISOString() } };
    const { newState, nextVersion } = await handleCommand(this.store, eventDefinitionDecider, eventDefinitionStreamId(projectId, row.name), command, {
      expectedVersion: ifMatch,
    });
    return { result: eventDefinitionBody(newState as ExistingEventDefinition), version: nextVersion };
  }

  private async find(projectId: number, definitionId: string): Promise<EventDefinitionRow> {
    const [row] = await this.db.query<EventDefinitionRow>(`SELECT ${EVENT_DEFINITION_COLUMNS} FROM event_definitions WHERE id = $1 AND project_id = $2`, [
      definitionId,
      projectId,
    ]);
    if (row === undefined) throw new NotFoundError('Event definition not found.');
    return row;
  }

  /** Only for a page past the end, where the window count has no row to ride on. */
  private async count(projectId: number, search: string | undefined): Promise<number> {
    const [row] = await this.db.query<{ total: string }>('SELECT count(*) AS total FROM event_definitions WHERE project_id = $1 AND ($2::text IS NULL OR name ILIKE $2)', [
      projectId,
      containsPattern(search),
    ]);
    return Number(row.total);
  }
}
