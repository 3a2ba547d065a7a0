import { Body, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { projects } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CreateEnvironmentRequestDto,
  CreateProjectRequestDto,
  EnvironmentDto,
  EnvironmentPageDto,
  PageQueryDto,
  ProjectDto,
  ProjectPageDto,
  ProjectsQueryDto,
  UpdateProjectRequestDto,
} from '../api/dtos';
import { PrincipalCache } from '../auth/principal-cache';
import { ApiController, Caller } from '../auth/request-context';
import { IntegerIdPipe } from '../http/edge-validation.pipe';
import { expectedVersionFrom } from '../http/etag';
import { toPage } from '../http/pagination';
import { ApiErrors, collection, NoContent, withEtag } from '../http/routes';
import { ProjectsClient } from '../projects-client';

/** Projects and the environments created under them (SPEC §4.2). */
@ApiController('projects', 'api/v2/projects')
export class ProjectsController {
  constructor(
    private readonly projectsClient: ProjectsClient,
    private readonly cache: PrincipalCache,
  ) {}

  @Get(collection())
  @ApiOperation({ summary: 'Projects visible to the key' })
  @ApiResponse({ status: 200, type: ProjectPageDto })
  @ApiErrors(400)
  async list(@Caller() principal: projects.Principal, @Query() query: ProjectsQueryDto, @Req() request: FastifyRequest): Promise<ProjectPageDto> {
    const page = { limit: query.limit, offset: query.offset };
    const found = await this.projectsClient.call(projects.ProjectsSubjects.listProjects, { principal, organizationId: query.organization_id, page });
    return toPage(request.url, page, found.count, found.results);
  }

  @Post(collection())
  @HttpCode(201)
  @ApiOperation({ summary: 'A new project with its default environment (same id)' })
  @ApiResponse({ status: 201, type: ProjectDto })
  @ApiErrors(400, 403, 404)
  async create(
    @Caller() principal: projects.Principal,
    @Body() body: CreateProjectRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectDto> {
    const request = { principal, name: body.name, organizationId: body.organization_id };
    return withEtag(reply, await this.projectsClient.call(projects.ProjectsSubjects.createProject, request));
  }

  @Get(':project_id')
  @ApiOperation({ summary: 'A project, with `ETag`' })
  @ApiResponse({ status: 200, type: ProjectDto })
  @ApiErrors(404)
  async get(
    @Caller() principal: projects.Principal,
    @Param('project_id', IntegerIdPipe) projectId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectDto> {
    return withEtag(reply, await this.projectsClient.call(projects.ProjectsSubjects.getProject, { principal, projectId }));
  }

  @Patch(':project_id')
  @ApiOperation({ summary: 'Rename a project (honours `If-Match`)' })
  @ApiResponse({ status: 200, type: ProjectDto })
  @ApiErrors(400, 403, 404, 409, 412)
  async update(
    @Caller() principal: projects.Principal,
    @Param('project_id', IntegerIdPipe) projectId: number,
    @Body() body: UpdateProjectRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectDto> {
    const request = { principal, projectId, name: body.name, ifMatch: expectedVersionFrom(ifMatch) };
    return withEtag(reply, await this.projectsClient.call(projects.ProjectsSubjects.updateProject, request));
  }

  @Delete(':project_id')
  @NoContent()
  @ApiOperation({ summary: 'Delete a project and its environments (400 while a deletion is pending)' })
  @ApiErrors(400, 403, 404, 409, 412)
  async remove(
    @Caller() principal: projects.Principal,
    @Param('project_id', IntegerIdPipe) projectId: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.projectsClient.call(projects.ProjectsSubjects.deleteProject, { principal, projectId, ifMatch: expectedVersionFrom(ifMatch) });
    // Keys scoped to its environments resolve differently now.
    this.cache.dropAll();
  }

  @Get(collection(':project_id/environments'))
  @ApiOperation({ summary: 'The project’s environments visible to the key' })
  @ApiResponse({ status: 200, type: EnvironmentPageDto })
  @ApiErrors(400, 404)
  async environments(
    @Caller() principal: projects.Principal,
    @Param('project_id', IntegerIdPipe) projectId: number,
    @Query() page: PageQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<EnvironmentPageDto> {
    const found = await this.projectsClient.call(projects.ProjectsSubjects.listEnvironments, { principal, projectId, page });
    return toPage(request.url, page, found.count, found.results);
  }

  @Post(collection(':project_id/environments'))
  @HttpCode(201)
  @ApiOperation({ summary: 'A new environment with a fresh `api_token`; names are unique per project, case-insensitively' })
  @ApiResponse({ status: 201, type: EnvironmentDto })
  @ApiErrors(400, 403, 404, 409)
  async createEnvironment(
    @Caller() principal: projects.Principal,
    @Param('project_id', IntegerIdPipe) projectId: number,
    @Body() environment: CreateEnvironmentRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnvironmentDto> {
    const created = await this.projectsClient.call(projects.ProjectsSubjects.createEnvironment, { principal, projectId, environment });
    return withEtag(reply, created);
  }
}
