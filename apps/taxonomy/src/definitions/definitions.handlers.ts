import { Controller } from '@nestjs/common';
import { textPage, type PageRequest, type TextPage } from '@strata/contracts';
import { Database } from '@strata/database';
import { type Decider, type Event, handleCommand, PostgresEventStore } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { containsPattern } from '../common/search';
import { eventDefinitionStreamId, propertyDefinitionStreamId } from '../common/streams';
import { eventDefinitionBody, eventDefinitionDecider, type EventDefinitionChanges } from './event-definition';
import { propertyDefinitionBody, propertyDefinitionDecider, type PropertyDefinitionChanges } from './property-definition';
import { definitionsPage, type DefinitionTable, eventDefinitionsTable, findDefinition, propertyDefinitionsTable } from './definitions.queries';

/** A kind of definition as its handlers see it: where it is read, its decider, its stream, its body and its update. */
interface DefinitionKind<Row extends { version: number }, State, Existing extends State, Command, E extends Event, Changes, Body> {
  table: DefinitionTable<Row, Existing>;
  decider: Decider<State, Command, E>;
  streamIdOf(projectId: number, row: Row): string;
  body(state: State): Body;
  update(changes: Changes, updatedAt: string): Command;
}

function definitionKind<Row extends { version: number }, State, Existing extends State, Command, E extends Event, Changes, Body>(
  kind: DefinitionKind<Row, State, Existing, Command, E, Changes, Body>,
): DefinitionKind<Row, State, Existing, Command, E, Changes, Body> {
  return kind;
}

const eventDefinitions = definitionKind({
  table: eventDefinitionsTable,
  decider: eventDefinitionDecider,
  streamIdOf: (projectId, row) => eventDefinitionStreamId(projectId, row.name),
  body: eventDefinitionBody,
  update: (changes: EventDefinitionChanges, updatedAt) => ({ type: 'UpdateEventDefinition' as const, data: { changes, updatedAt } }),
});

const propertyDefinitions = definitionKind({
  table: propertyDefinitionsTable,
  decider: propertyDefinitionDecider,
  streamIdOf: (projectId, row) => propertyDefinitionStreamId(projectId, row.kind, row.group_type_index, row.name),
  body: propertyDefinitionBody,
  update: (changes: PropertyDefinitionChanges, updatedAt) => ({ type: 'UpdatePropertyDefinition' as const, data: { changes, updatedAt } }),
});

/**
 * Event and property definitions of a project (SPEC §4.3), one module parameterised by kind: listed and read from
 * the kind's read model, labelled through its decider (a user-set `property_type` wins over detection).
 */
@Controller()
export class DefinitionsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @Handles(S.listEventDefinitions)
  listEventDefinitions({ projectId, search, page }: Req<'taxonomy.eventDefinitions.list'>): Reply<'taxonomy.eventDefinitions.list'> {
    return this.list(eventDefinitions, [projectId, containsPattern(search)], page);
  }

  @Handles(S.getEventDefinition)
  getEventDefinition({ projectId, definitionId }: Req<'taxonomy.eventDefinitions.get'>): Reply<'taxonomy.eventDefinitions.get'> {
    return this.get(eventDefinitions, projectId, definitionId);
  }

  @Handles(S.updateEventDefinition)
  updateEventDefinition(request: Req<'taxonomy.eventDefinitions.update'>): Reply<'taxonomy.eventDefinitions.update'> {
    return this.update(eventDefinitions, request);
  }

  @Handles(S.listPropertyDefinitions)
  listPropertyDefinitions({ projectId, type, groupTypeIndex, search, page }: Req<'taxonomy.propertyDefinitions.list'>): Reply<'taxonomy.propertyDefinitions.list'> {
    return this.list(propertyDefinitions, [projectId, type, groupTypeIndex, containsPattern(search)], page);
  }

  @Handles(S.getPropertyDefinition)
  getPropertyDefinition({ projectId, definitionId }: Req<'taxonomy.propertyDefinitions.get'>): Reply<'taxonomy.propertyDefinitions.get'> {
    return this.get(propertyDefinitions, projectId, definitionId);
  }

  @Handles(S.updatePropertyDefinition)
  updatePropertyDefinition(request: Req<'taxonomy.propertyDefinitions.update'>): Reply<'taxonomy.propertyDefinitions.update'> {
    return this.update(propertyDefinitions, request);
  }

  private async list<Row extends { version: number }, State, Existing extends State, Body>(
    kind: DefinitionKind<Row, State, Existing, unknown, Event, never, Body>,
    filter: unknown[],
    page: PageRequest,
  ): Promise<TextPage<Body>> {
    const { count, rows } = await definitionsPage(this.db, kind.table, filter, page);
    return textPage(count, rows.map((row) => kind.body(kind.table.stateOf(row))));
  }

  private async get<Row extends { version: number }, State, Existing extends State, Body>(
    kind: DefinitionKind<Row, State, Existing, unknown, Event, never, Body>,
    projectId: number,
    definitionId: string,
  ): Promise<{ result: Body; version: number }> {
    const row = await findDefinition(this.db, kind.table, projectId, definitionId);
    return { result: kind.body(kind.table.stateOf(row)), version: row.version };
  }

  private async update<Row extends { version: number }, State, Existing extends State, Command, E extends Event, Changes, Body>(
    kind: DefinitionKind<Row, State, Existing, Command, E, Changes, Body>,
    { projectId, definitionId, changes, ifMatch }: { projectId: number; definitionId: string; changes: Changes; ifMatch?: number },
  ): Promise<{ result: Body; version: number }> {
    const row = await findDefinition(this.db, kind.table, projectId, definitionId);
    const command = kind.update(changes, new Date().toISOString());
    const { newState, nextVersion } = await handleCommand(this.store, kind.decider, kind.streamIdOf(projectId, row), command, { expectedVersion: ifMatch });
    return { result: kind.body(newState), version: nextVersion };
  }
}
