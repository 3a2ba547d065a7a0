import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { propertyDefinitionBody, propertyDefinitionDecider, propertyDefinitionStreamId, type ExistingPropertyDefinition } from '../domain';
import { parsePayload } from '../edge/parse';
import * as schemas from '../edge/schemas';
import { containsPattern, PROPERTY_DEFINITION_COLUMNS, propertyDefinitionState, type PropertyDefinitionRow } from './definition-rows';

const S = taxonomy.TaxonomySubjects;
const FILTER = `project_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::smallint IS NULL OR group_type_index = $3)
                AND ($4::text IS NULL OR name ILIKE $4)`;

/** Property definitions of a project (SPEC §4.3); a user-set `property_type` wins over detection. */
@Controller()
export class PropertyDefinitionsHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @MessagePattern(S.listPropertyDefinitions)
  async list(@Payload() payload: unknown): Promise<taxonomy.ListPropertyDefinitionsResponse> {
    const { projectId, type, groupTypeIndex, search, page } = parsePayload(schemas.listPropertyDefinitions, payload);
    const filter = [projectId, type ?? null, groupTypeIndex ?? null, containsPattern(search)];
    const rows = await this.db.query<PropertyDefinitionRow & { total: string }>(
      `SELECT ${PROPERTY_DEFINITION_COLUMNS}, count(*) OVER () AS total FROM property_definitions WHERE ${FILTER}
        ORDER BY name, kind, group_type_index NULLS FIRST, id LIMIT $5 OFFSET $6`,
      [...filter, page.limit, page.offset],
    );
    const count = rows.length > 0 ? Number(rows[0].total) : Number((await this.db.query<{ total: string }>(`SELECT count(*) AS total FROM property_definitions WHERE ${FILTER}`, filter))[0].total);
    return { count, results: rows.map((row) => propertyDefinitionBody(propertyDefinitionState(row))) };
  }

  @MessagePattern(S.getPropertyDefinition)
  async get(@Payload() payload: unknown): Promise<taxonomy.GetPropertyDefinitionResponse> {
    const { projectId, definitionId } = parsePayload(schemas.getDefinition, payload);
    const row = await this.find(projectId, definitionId);
    return { result: propertyDefinitionBody(propertyDefinitionState(row)), version: row.version };
  }

  @MessagePattern(S.updatePropertyDefinition)
  async update(@Payload() payload: unknown): Promise<taxonomy.UpdatePropertyDefinitionResponse> {
    const { projectId, definitionId, changes, ifMatch } = parsePayload(schemas.updatePropertyDefinition, payload);
    const row = await this.find(projectId, definitionId);
    const streamId = propertyDefinitionStreamId(projectId, row.kind, row.group_type_index, row.name);
    const command = {
      type: 'UpdatePropertyDefinition' as const,
      data: { changes: { propertyType: changes.property_type, description: changes.description }, updatedAt: new Date().toISOString() },
    };
    const { newState, nextVersion } = await handleCommand(this.store, propertyDefinitionDecider, streamId, command, { expectedVersion: ifMatch });
    return { result: propertyDefinitionBody(newState as ExistingPropertyDefinition), version: nextVersion };
  }

  private async find(projectId: number, definitionId: string): Promise<PropertyDefinitionRow> {
    const [row] = await this.db.query<PropertyDefinitionRow>(
      `SELECT ${PROPERTY_DEFINITION_COLUMNS} FROM property_definitions WHERE id = $1 AND project_id = $2`,
      [definitionId, projectId],
    );
    if (row === undefined) throw new NotFoundError('Property definition not found.');
    return row;
  }
}
