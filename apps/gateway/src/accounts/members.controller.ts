import { Body, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { projects } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AddedMemberDto, AddMemberRequestDto, MemberDto, MemberPageDto, PageQueryDto, UpdateMemberRequestDto } from '../api/dtos';
import { ApiController, Caller } from '../auth/request-context';
import { PrincipalCache } from '../auth/principal-cache';
import { UuidPipe } from '../http/edge-validation.pipe';
import { expectedVersionFrom } from '../http/etag';
import { toPage } from '../http/pagination';
import { ApiErrors, collection, NoContent, withEtag } from '../http/routes';
import { ProjectsClient } from '../projects-client';

/** Organization members and their levels (SPEC §4.1). A change of level or membership drops the user's cached keys. */
@ApiController('organizations', 'api/organizations/:org_id/members')
export class MembersController {
  constructor(
    private readonly projectsClient: ProjectsClient,
    private readonly cache: PrincipalCache,
  ) {}

  @Get(collection())
  @ApiOperation({ summary: 'Members with levels' })
  @ApiResponse({ status: 200, type: MemberPageDto })
  @ApiErrors(400, 404)
  async list(
    @Caller() principal: projects.Principal,
    @Param('org_id', UuidPipe) organizationId: string,
    @Query() page: PageQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<MemberPageDto> {
    const found = await this.projectsClient.call(projects.ProjectsSubjects.listMembers, { principal, organizationId, page });
    return toPage(request.url, page, found.count, found.results);
  }

  @Post(collection())
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a member (a new user when the email is new) with a first personal API key' })
  @ApiResponse({ status: 201, type: AddedMemberDto })
  @ApiErrors(400, 403, 404, 409)
  async add(
    @Caller() principal: projects.Principal,
    @Param('org_id', UuidPipe) organizationId: string,
    @Body() body: AddMemberRequestDto,
  ): Promise<AddedMemberDto> {
    const added = await this.projectsClient.call(projects.ProjectsSubjects.addMember, { principal, organizationId, ...body });
    this.cache.dropUser(added.user.id);
    return { user: added.user, level: added.level, personal_api_key: added.personal_api_key.value, personal_api_key_id: added.personal_api_key.id };
  }

  @Patch(':user_id')
  @ApiOperation({ summary: 'Change a member’s level' })
  @ApiResponse({ status: 200, type: MemberDto })
  @ApiErrors(400, 403, 404, 409, 412)
  async update(
    @Caller() principal: projects.Principal,
    @Param('org_id', UuidPipe) organizationId: string,
    @Param('user_id', UuidPipe) userId: string,
    @Body() body: UpdateMemberRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberDto> {
    const request = { principal, organizationId, userId, level: body.level, ifMatch: expectedVersionFrom(ifMatch) };
    const updated = await this.projectsClient.call(projects.ProjectsSubjects.updateMember, request);
    this.cache.dropUser(userId);
    return withEtag(reply, updated);
  }

  @Delete(':user_id')
  @NoContent()
  @ApiOperation({ summary: 'Remove a member' })
  @ApiErrors(403, 404, 409, 412)
  async remove(
    @Caller() principal: projects.Principal,
    @Param('org_id', UuidPipe) organizationId: string,
    @Param('user_id', UuidPipe) userId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    const request = { principal, organizationId, userId, ifMatch: expectedVersionFrom(ifMatch) };
    await this.projectsClient.call(projects.ProjectsSubjects.removeMember, request);
    this.cache.dropUser(userId);
  }
}
