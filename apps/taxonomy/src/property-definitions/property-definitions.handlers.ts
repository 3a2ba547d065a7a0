import { Controller } from '@nestjs/common';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { propertyDefinitionStreamId } from '../common/streams';
import { propertyDefinitionBody, propertyDefinitionDecider } from './property-definition';
import { findPropertyDefinition, propertyDefinitionsPage, propertyDefinitionState } from './property-definitions.queries';

/** Property definitions of a project (SPEC §4.3); a user-set `property_type` wins over detection. */
@Controller()
export class PropertyDefinitionsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @Handles(S.listPropertyDefinitions)
  async list({ page, ...filter }: Req<'taxonomy.propertyDefinitions.list'>): Reply<'taxonomy.propertyDefinitions.list'> {
    const { count, rows } = await propertyDefinitionsPage(this.db, filter, page);
    return { count, results: rows.map((row) => propertyDefinitionBody(propertyDefinitionState(row))) };
  }

  @Handles(S.getPropertyDefinition)
  async get({ projectId, definitionId }: Req<'taxonomy.propertyDefinitions.get'>): Reply<'taxonomy.propertyDefinitions.get'> {
    const row = await findPropertyDefinition(this.db, projectId, definitionId);
    return { result: propertyDefinitionBody(propertyDefinitionState(row)), version: row.version };
  }

  @Handles(S.updatePropertyDefinition)
  async update({ projectId, definitionId, changes, ifMatch }: Req<'taxonomy.propertyDefinitions.update'>): Reply<'taxonomy.propertyDefinitions.update'> {
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
