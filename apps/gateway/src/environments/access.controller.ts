import { Body, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { projects } from '@strata/contracts';
import type { FastifyRequest } from 'fastify';
import { EnvironmentGrantDto, EnvironmentGrantPageDto, GrantAccessRequestDto, PageQueryDto, RevokeAccessRequestDto } from '../api/dtos';
import { PrincipalCache } from '../auth/principal-cache';
import { ApiController, Caller } from '../auth/request-context';
import { IntegerIdPipe, UuidPipe } from '../http/edge-validation.pipe';
import { toPage } from '../http/pagination';
import { ApiErrors, collection, NoContent } from '../http/routes';
import { ProjectsClient } from '../projects-client';
import { ENVIRONMENT_PATHS } from './environments.controller';

/** Explicit grants on a restricted environment (`access_control: true`), admins only (SPEC §4.2). */
@ApiController('environments', ...ENVIRONMENT_PATHS)
export class AccessController {
  constructor(
    private readonly projectsClient: ProjectsClient,
    private readonly cache: PrincipalCache,
  ) {}

  @Get(collection(':env_id/access'))
  @ApiOperation({ summary: 'Explicit grants of an environment' })
  @ApiResponse({ status: 200, type: EnvironmentGrantPageDto })
  @ApiErrors(400, 403, 404)
  async list(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Query() page: PageQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<EnvironmentGrantPageDto> {
    const grants = await this.projectsClient.call(projects.ProjectsSubjects.listAccess, { principal, environmentId });
    // Grants are few and the contract answers them all: the page is cut here.
    const results = grants.results.slice(page.offset, page.offset + page.limit);
    return toPage(request.url, page, grants.count, results);
  }

  @Post(collection(':env_id/access'))
  @HttpCode(201)
  @ApiOperation({ summary: 'Grant a user access to a restricted environment' })
  @ApiResponse({ status: 201, type: EnvironmentGrantDto })
  @ApiErrors(400, 403, 404, 409)
  async grant(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Body() body: GrantAccessRequestDto,
  ): Promise<EnvironmentGrantDto> {
    const grant = await this.projectsClient.call(projects.ProjectsSubjects.grantAccess, { principal, environmentId, userId: body.user_id, level: body.level });
    this.cache.dropUser(body.user_id);
    return grant;
  }

  @Delete(collection(':env_id/access'))
  @NoContent()
  @ApiOperation({ summary: 'Withdraw a user’s grant (`{user_id}` in the body)' })
  @ApiErrors(400, 403, 404)
  async revoke(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Body() body: RevokeAccessRequestDto,
  ): Promise<void> {
    await this.revokeGrant(principal, environmentId, body.user_id);
  }

  @Delete(':env_id/access/:user_id')
  @NoContent()
  @ApiOperation({ summary: 'Withdraw a user’s grant (user in the path)' })
  @ApiErrors(403, 404)
  async revokeUser(
    @Caller() principal: projects.Principal,
    @Param('env_id', IntegerIdPipe) environmentId: number,
    @Param('user_id', UuidPipe) userId: string,
  ): Promise<void> {
    await this.revokeGrant(principal, environmentId, userId);
  }

  private async revokeGrant(principal: projects.Principal, environmentId: number, userId: string): Promise<void> {
    await this.projectsClient.call(projects.ProjectsSubjects.revokeAccess, { principal, environmentId, userId });
    this.cache.dropUser(userId);
  }
}
