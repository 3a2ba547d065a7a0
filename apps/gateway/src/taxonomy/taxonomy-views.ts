import { Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type projects, taxonomy } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageQueryDto } from '../api/dtos';
import { Caller } from '../auth/request-context';
import { IntegerIdPipe, UuidPipe } from '../http/edge-validation.pipe';
import { toPage } from '../http/pagination';
import { ApiErrors, collection, withEtag } from '../http/routes';
import { TaxonomyClient } from './taxonomy-client';
import {
  EventDefinitionDto,
  EventDefinitionPageDto,
  EventDefinitionsQueryDto,
  GroupTypePageDto,
  PropertyDefinitionDto,
  PropertyDefinitionPageDto,
  PropertyDefinitionsQueryDto,
} from './taxonomy.schemas';

const T = taxonomy.TaxonomySubjects;

/**
 * The read side of a project's taxonomy (SPEC §4.3), reached through `/:id` — a project or an environment,
 * depending on the subclass, which says how `:id` becomes the project whose taxonomy is read.
 */
export abstract class TaxonomyViews {
  constructor(protected readonly taxonomyClient: TaxonomyClient) {}

  /** The project behind `:id`, or NotFound when the caller may not see the way in. */
  protected abstract projectOf(principal: projects.Principal, id: number): Promise<number>;

  @Get(collection('group_types'))
  @ApiOperation({ summary: "The project's group type mappings, sorted by index (at most 5)" })
  @ApiResponse({ status: 200, type: GroupTypePageDto })
  @ApiErrors(404)
  async groupTypes(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Query() page: PageQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<GroupTypePageDto> {
    const found = await this.taxonomyClient.call(T.listGroupTypes, { projectId: await this.projectOf(principal, id) });
    const results = found.results.slice(page.offset, page.offset + page.limit);
    return toPage(request.url, page, found.count, results);
  }

  @Get(collection('event_definitions'))
  @ApiOperation({ summary: "The project's event definitions" })
  @ApiResponse({ status: 200, type: EventDefinitionPageDto })
  @ApiErrors(400, 404)
  async eventDefinitions(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Query() query: EventDefinitionsQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<EventDefinitionPageDto> {
    const page = { limit: query.limit, offset: query.offset };
    const projectId = await this.projectOf(principal, id);
    const found = await this.taxonomyClient.call(T.listEventDefinitions, { projectId, search: query.search, page });
    return toPage(request.url, page, found.count, found.results);
  }

  @Get('event_definitions/:definition_id')
  @ApiOperation({ summary: 'An event definition, with `ETag`' })
  @ApiResponse({ status: 200, type: EventDefinitionDto })
  @ApiErrors(404)
  async eventDefinition(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Param('definition_id', UuidPipe) definitionId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventDefinitionDto> {
    const projectId = await this.projectOf(principal, id);
    return withEtag(reply, await this.taxonomyClient.call(T.getEventDefinition, { projectId, definitionId }));
  }

  @Get(collection('property_definitions'))
  @ApiOperation({ summary: "The project's property definitions, by kind (event, person, group) and group type index" })
  @ApiResponse({ status: 200, type: PropertyDefinitionPageDto })
  @ApiErrors(400, 404)
  async propertyDefinitions(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Query() query: PropertyDefinitionsQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<PropertyDefinitionPageDto> {
    const page = { limit: query.limit, offset: query.offset };
    const projectId = await this.projectOf(principal, id);
    const filters = { type: query.type, groupTypeIndex: query.group_type_index, search: query.search };
    const found = await this.taxonomyClient.call(T.listPropertyDefinitions, { projectId, ...filters, page });
    return toPage(request.url, page, found.count, found.results);
  }

  @Get('property_definitions/:definition_id')
  @ApiOperation({ summary: 'A property definition, with `ETag`' })
  @ApiResponse({ status: 200, type: PropertyDefinitionDto })
  @ApiErrors(404)
  async propertyDefinition(
    @Caller() principal: projects.Principal,
    @Param('id', IntegerIdPipe) id: number,
    @Param('definition_id', UuidPipe) definitionId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PropertyDefinitionDto> {
    const projectId = await this.projectOf(principal, id);
    return withEtag(reply, await this.taxonomyClient.call(T.getPropertyDefinition, { projectId, definitionId }));
  }
}
