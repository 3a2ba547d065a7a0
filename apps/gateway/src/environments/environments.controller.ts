import { Body, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { projects, ValidationError } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EnvironmentDto, EnvironmentPageDto, NoBodyDto, PageQueryDto, UpdateEnvironmentRequestDto } from '../api/dtos';
import { PrincipalCache } from '../auth/principal-cache';
import { ApiController, Caller } from '../auth/request-context';
import { IntegerIdPipe } from '../http/edge-validation.pipe';
import { expectedVersionFrom } from '../http/etag';
import { toPage } from '../http/pagination';
import { ApiErrors, collection, NoContent, withEtag } from '../http/routes';
import { ProjectsClient } from '../projects-client';

/**
 * `/api/projects/…` is the RFC's legacy path for what is now an environment (a "team"): the same handlers answer
 * both, so the alias can never drift from the real API.
 */
export const ENVIRONMENT_PATHS = ['api/v2/environments', 'api/projects'];

export const CREATE_UNDER_PROJECT =
  'Environments must be created under a specific project. Send the POST request to /api/v2/projects/<project_id>/environments/ instead.';

@ApiController('environments', ...ENVIRONMENT_PATHS)
export class EnvironmentsController {
  constructor(
    private readonly projectsClient: ProjectsClient,
    private readonly cache: PrincipalCache,
  ) {}

  @Get(collection())
  @ApiOperation({ summary: 'Environments visible to the key, in every project' })
  @ApiResponse({ status: 200, type: EnvironmentPageDto })
  @ApiErrors(400)
  async list(@Caller() principal: projects.Principal, @Query() page: PageQueryDto, @Req() request: FastifyRequest): Promise<EnvironmentPageDto> {
    const found = await this.projectsClient.call(projects.ProjectsSubjects.listEnvironments, { principal, page });
    return toPage(request.url, page, found.count, found.results);
  }

  @Post(collection())
  @ApiOperation({ summary: 'Refused: environments are created under a project' })
  @ApiErrors(400)
  createOutsideProject(): never {
    throw new ValidationError(CREATE_UNDER_PROJECT, null, 'invalid_input');
  }

  @Get(':env_id')
  @ApiOperation({ summary: 'An environment, with `ETag`' })
  @ApiResponse({ status: 200, type: EnvironmentDto })
  @ApiErrors(404)
  async get(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnvironmentDto> {
    return withEtag(reply, await this.projectsClient.call(projects.ProjectsSubjects.getEnvironment, { principal, environmentId }));
  }

  @Patch(':env_id')
  @ApiOperation({ summary: 'Rename, change settings or `access_control` (honours `If-Match`)' })
  @ApiResponse({ status: 200, type: EnvironmentDto })
  @ApiErrors(400, 403, 404, 409, 412)
  async update(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Body() changes: UpdateEnvironmentRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnvironmentDto> {
    const request = { principal, environmentId, changes, ifMatch: expectedVersionFrom(ifMatch) };
    const updated = await this.projectsClient.call(projects.ProjectsSubjects.updateEnvironment, request);
    if (changes.access_control !== undefined) this.cache.dropAll();
    return withEtag(reply, updated);
  }

  @Delete(':env_id')
  @NoContent()
  @ApiOperation({ summary: 'Delete an environment; the last one of a project is refused (400)' })
  @ApiErrors(400, 403, 404, 409, 412)
  async remove(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    const request = { principal, environmentId, ifMatch: expectedVersionFrom(ifMatch) };
    await this.projectsClient.call(projects.ProjectsSubjects.deleteEnvironment, request);
    this.cache.dropAll();
  }

  @Post(':env_id/reset_token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new `phc_…` token; the old one stops resolving' })
  @ApiResponse({ status: 200, type: EnvironmentDto })
  @ApiErrors(400, 403, 404)
  async resetToken(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Body() _body: NoBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnvironmentDto> {
    return withEtag(reply, await this.projectsClient.call(projects.ProjectsSubjects.resetEnvironmentToken, { principal, environmentId }));
  }
}
