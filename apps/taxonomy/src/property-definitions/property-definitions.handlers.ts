import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { parseRequest } from '../common/parse';
import { propertyDefinitionStreamId } from '../common/streams';
import { propertyDefinitionBody, propertyDefinitionDecider } from './property-definition';
import { findPropertyDefinition, propertyDefinitionsPage, propertyDefinitionState } from './property-definitions.queries';

const S = taxonomy.TaxonomySubjects;

/** Property definitions of a project (SPEC §4.3); a user-set `property_type` wins over detection. */
@Controller()
export class PropertyDefinitionsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @MessagePattern(S.listPropertyDefinitions)
  async list(@Payload() payload: unknown): Promise<taxonomy.ListPropertyDefinitionsResponse> {
    const { page, ...filter } = parseRequest(S.listPropertyDefinitions, payload);
    const { count, rows } = await propertyDefinitionsPage(this.db, filter, page);
    return { count, results: rows.map((row) => propertyDefinitionBody(propertyDefinitionState(row))) };
  }

  @MessagePattern(S.getPropertyDefinition)
  async get(@Payload() payload: unknown): Promise<taxonomy.GetPropertyDefinitionResponse> {
    const { projectId, definitionId } = parseRequest(S.getPropertyDefinition, payload);
    const row = await findPropertyDefinition(this.db, projectId, definitionId);
    return { result: propertyDefinitionBody(propertyDefinitionState(row)), version: row.version };
  }

  @MessagePattern(S.updatePropertyDefinition)
  async update(@Payload() payload: unknown): Promise<taxonomy.UpdatePropertyDefinitionResponse> {
    const { projectId, definitionId, changes, ifMatch } = parseRequest(S.updatePropertyDefinition, payload);
    const row = await findPropertyDefinition(this.db, projectId, definitionId);
    const streamId = propertyDefinitionStreamId(projectId, row.kind, row.group_type_index, row.name);
    const command = {
      type: 'UpdatePropertyDefinition' as const,
      data: { changes, updatedAt: new Date().toISOString() },
    };
    const { newState, nextVersion } = await handleCommand(this.store, propertyDefinitionDecider, streamId, command, { expectedVersion: ifMatch });
    return { result: propertyDefinitionBody(newState), version: nextVersion };
  }
}
