import { Controller } from '@nestjs/common';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { eventDefinitionStreamId } from '../common/streams';
import { eventDefinitionBody, eventDefinitionDecider } from './event-definition';
import { eventDefinitionsPage, eventDefinitionState, findEventDefinition } from './event-definitions.queries';

/** Event definitions of a project (SPEC §4.3): listed and read from the read model, labelled through the decider. */
@Controller()
export class EventDefinitionsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @Handles(S.listEventDefinitions)
  async list({ projectId, search, page }: Req<'taxonomy.eventDefinitions.list'>): Reply<'taxonomy.eventDefinitions.list'> {
    const { count, rows } = await eventDefinitionsPage(this.db, projectId, search, page);
    return { count, results: rows.map((row) => eventDefinitionBody(eventDefinitionState(row))) };
  }

  @Handles(S.getEventDefinition)
  async get({ projectId, definitionId }: Req<'taxonomy.eventDefinitions.get'>): Reply<'taxonomy.eventDefinitions.get'> {
    const row = await findEventDefinition(this.db, projectId, definitionId);
    return { result: eventDefinitionBody(eventDefinitionState(row)), version: row.version };
  }

  @Handles(S.updateEventDefinition)
  async update({ projectId, definitionId, changes, ifMatch }: Req<'taxonomy.eventDefinitions.update'>): Reply<'taxonomy.eventDefinitions.update'> {
    const row = await findEventDefinition(this.db, projectId, definitionId);
    const command = { type: 'UpdateEventDefinition' as const, data: { changes, updatedAt: new Date().toISOString() } };
    const { newState, nextVersion } = await handleCommand(this.store, eventDefinitionDecider, eventDefinitionStreamId(projectId, row.name), command, {
      expectedVersion: ifMatch,
    });
    return { result: eventDefinitionBody(newState), version: nextVersion };
  }
}
