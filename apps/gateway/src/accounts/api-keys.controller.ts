import { Body, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { projects } from '@strata/contracts';
import { CreateApiKeyRequestDto, PersonalApiKeyWithSecretDto } from '../api/dtos';
import { PrincipalCache } from '../auth/principal-cache';
import { ApiController, Caller } from '../auth/request-context';
import { UuidPipe } from '../http/edge-validation.pipe';
import { ApiErrors, collection, NoContent } from '../http/routes';
import { ProjectsClient } from '../projects-client';

/** Personal API keys (SPEC §4.1): shown once on creation; a revoked key fails with 401 from its very next use. */
@ApiController('personal API keys', 'api/personal_api_keys')
export class ApiKeysController {
  constructor(
    private readonly projectsClient: ProjectsClient,
    private readonly cache: PrincipalCache,
  ) {}

  @Post(collection())
  @HttpCode(201)
  @ApiOperation({ summary: 'A new key for the caller, optionally scoped to organizations or environments; `value` is shown this once' })
  @ApiResponse({ status: 201, type: PersonalApiKeyWithSecretDto })
  @ApiErrors(400, 404)
  create(@Caller() principal: projects.Principal, @Body() body: CreateApiKeyRequestDto): Promise<PersonalApiKeyWithSecretDto> {
    return this.projectsClient.call(projects.ProjectsSubjects.createApiKey, {
      principal,
      label: body.label,
      scopedOrganizations: body.scoped_organizations,
      scopedEnvironments: body.scoped_environments,
    });
  }

  @Delete(':id')
  @NoContent()
  @ApiOperation({ summary: 'Revoke one of the caller’s keys: it fails with 401 at once' })
  @ApiErrors(404)
  async revoke(@Caller() principal: projects.Principal, @Param('id', UuidPipe) keyId: string): Promise<void> {
    await this.projectsClient.call(projects.ProjectsSubjects.revokeApiKey, { principal, keyId });
    // No await between the reply and the drop: the next request with this key already misses the cache.
    this.cache.dropKey({ keyId });
  }
}
