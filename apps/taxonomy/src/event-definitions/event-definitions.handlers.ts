import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { parseRequest } from '../common/parse';
import { eventDefinitionStreamId } from '../common/streams';
import { eventDefinitionBody, eventDefinitionDecider } from './event-definition';
import { eventDefinitionsPage, eventDefinitionState, findEventDefinition } from './event-definitions.queries';

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
    const { projectId, search, page } = parseRequest(S.listEventDefinitions, payload);
    const { count, rows } = await eventDefinitionsPage(this.db, projectId, search, page);
    return { count, results: rows.map((row) => eventDefinitionBody(eventDefinitionState(row))) };
  }

  @MessagePattern(S.getEventDefinition)
  async get(@Payload() payload: unknown): Promise<taxonomy.GetEventDefinitionResponse> {
    const { projectId, definitionId } = parseRequest(S.getEventDefinition, payload);
    const row = await findEventDefinition(this.db, projectId, definitionId);
    return { result: eventDefinitionBody(eventDefinitionState(row)), version: row.version };
  }

  @MessagePattern(S.updateEventDefinition)
  async update(@Payload() payload: unknown): Promise<taxonomy.UpdateEventDefinitionResponse> {
    const { projectId, definitionId, changes, ifMatch } = parseRequest(S.updateEventDefinition, payload);
    const row = await findEventDefinition(this.db, projectId, definitionId);
    const command = { type: 'UpdateEventDefinition' as const, data: { changes, updatedAt: new Date().toISOString() } };
    const { newState, nextVersion } = await handleCommand(this.store, eventDefinitionDecider, eventDefinitionStreamId(projectId, row.name), command, {
      expectedVersion: ifMatch,
    });
    return { result: eventDefinitionBody(newState), version: nextVersion };
  }
}
