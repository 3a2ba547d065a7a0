import { Body, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type projects, taxonomy, ValidationError } from '@strata/contracts';
import type { FastifyReply } from 'fastify';
import { ApiController, Caller } from '../auth/request-context';
import { ENVIRONMENT_PATHS } from '../environments/environments.controller';
import { IntegerIdPipe, UuidPipe } from '../http/edge-validation.pipe';
import { expectedVersionFrom } from '../http/etag';
import { ApiErrors, withEtag } from '../http/routes';
import { ProjectScope } from './project-scope';
import { TaxonomyClient } from './taxonomy-client';
import {
  EventDefinitionDto,
  GroupTypeDto,
  PropertyDefinitionDto,
  RenameGroupTypeRequestDto,
  UpdateEventDefinitionRequestDto,
  UpdatePropertyDefinitionRequestDto,
} from './taxonomy.schemas';
import { TaxonomyViews } from './taxonomy-views';

const T = taxonomy.TaxonomySubjects;

/** `/api/v2/projects/:id/…`: a project's taxonomy, to read and to label. */
@ApiController('taxonomy', 'api/v2/projects/:id')
export class ProjectTaxonomyController extends TaxonomyViews {
  constructor(
    taxonomyClient: TaxonomyClient,
    private readonly scope: ProjectScope,
  ) {
    super(taxonomyClient);
  }

  protected projectOf(principal: projects.Principal, id: number): Promise<number> {
    return this.scope.ofProject(principal, id);
  }

  @Patch('group_types/:index')
  @ApiOperation({ summary: 'Rename the labels of a group type; `group_type` itself never changes' })
  @ApiResponse({ status: 200, type: GroupTypeDto })
  @ApiErrors(400, 404, 412)
  async renameGroupType(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Param('index') index: string,
    @Body() body: RenameGroupTypeRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GroupTypeDto> {
    const groupTypeIndex = groupTypeIndexOf(index);
    const request = { projectId: await this.projectOf(principal, id), index: groupTypeIndex, ...body, ifMatch: expectedVersionFrom(ifMatch) };
    return withEtag(reply, await this.taxonomyClient.call(T.renameGroupType, request));
  }

  @Patch('event_definitions/:definition_id')
  @ApiOperation({ summary: 'Describe, tag or verify an event definition' })
  @ApiResponse({ status: 200, type: EventDefinitionDto })
  @ApiErrors(400, 404, 412)
  async updateEventDefinition(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Param('definition_id', UuidPipe) definitionId: string,
    @Body() changes: UpdateEventDefinitionRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventDefinitionDto> {
    const request = { projectId: await this.projectOf(principal, id), definitionId, changes, ifMatch: expectedVersionFrom(ifMatch) };
    return withEtag(reply, await this.taxonomyClient.call(T.updateEventDefinition, request));
  }

  @Patch('property_definitions/:definition_id')
  @ApiOperation({ summary: 'Set a property type (wins over detection) or describe a property definition' })
  @ApiResponse({ status: 200, type: PropertyDefinitionDto })
  @ApiErrors(400, 404, 412)
  async updatePropertyDefinition(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Param('definition_id', UuidPipe) definitionId: string,
    @Body() changes: UpdatePropertyDefinitionRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PropertyDefinitionDto> {
    const request = { projectId: await this.projectOf(principal, id), definitionId, changes, ifMatch: expectedVersionFrom(ifMatch) };
    return withEtag(reply, await this.taxonomyClient.call(T.updatePropertyDefinition, request));
  }
}

/** `/api/v2/environments/:id/…` (and the legacy `/api/projects/:id/…`): the taxonomy of the environment's project. */
@ApiController('taxonomy', ...ENVIRONMENT_PATHS.map((path) => `${path}/:id`))
export class EnvironmentTaxonomyController extends TaxonomyViews {
  constructor(
    taxonomyClient: TaxonomyClient,
    private readonly scope: ProjectScope,
  ) {
    super(taxonomyClient);
  }

  protected projectOf(principal: projects.Principal, id: number): Promise<number> {
    return this.scope.ofEnvironment(principal, id);
  }
}

function groupTypeIndexOf(value: string): number {
  if (!/^[0-4]$/.test(value)) throw new ValidationError('A group type index is 0 to 4.', 'index');
  return Number(value);
}
