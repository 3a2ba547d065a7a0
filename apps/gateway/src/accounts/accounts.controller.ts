import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PermissionDeniedError, projects } from '@strata/contracts';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { CurrentUserDto, OrganizationDto, SignupDto, SignupRequestDto } from '../api/dtos';
import { ApiController, Caller, OpenEndpoint, RequestContextGuard } from '../auth/request-context';
import type { GatewayConfig } from '../gateway.config';
import { UuidPipe } from '../http/edge-validation.pipe';
import { ApiErrors } from '../http/routes';
import { ProjectsClient } from '../projects-client';

/** `POST /api/signup`: the one route without a key (SPEC §4.1). */
@Controller('api')
@UseGuards(RequestContextGuard)
@ApiTags('accounts')
export class SignupController {
  constructor(
    private readonly projectsClient: ProjectsClient,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('signup')
  @OpenEndpoint()
  @HttpCode(201)
  @ApiOperation({ summary: 'A new organization, its owner, a project with one environment `Production`, and a key' })
  @ApiResponse({ status: 201, type: SignupDto })
  @ApiErrors(400, 403, 409)
  async signup(@Body() body: SignupRequestDto): Promise<SignupDto> {
    if (!this.config.SIGNUP_ENABLED) throw new PermissionDeniedError('Sign-up is switched off on this instance.');
    const created = await this.projectsClient.call(projects.ProjectsSubjects.signup, {
      email: body.email,
      firstName: body.first_name,
      organizationName: body.organization_name,
      projectName: body.project_name,
    });
    const { personal_api_key: key, ...rest } = created;
    return { ...rest, personal_api_key: key.value, personal_api_key_id: key.id };
  }
}

@ApiController('accounts', 'api')
export class AccountsController {
  constructor(private readonly projectsClient: ProjectsClient) {}

  @Get('users/@me')
  @ApiOperation({ summary: 'The key’s user and their organizations with levels' })
  @ApiResponse({ status: 200, type: CurrentUserDto })
  @ApiErrors()
  me(@Caller() principal: projects.Principal): Promise<CurrentUserDto> {
    return this.projectsClient.call(projects.ProjectsSubjects.currentUser, { principal });
  }

  @Get('organizations/:org_id')
  @ApiOperation({ summary: 'An organization the key’s user belongs to' })
  @ApiResponse({ status: 200, type: OrganizationDto })
  @ApiErrors(404)
  organization(@Caller() principal: projects.Principal, @Param('org_id', UuidPipe) organizationId: string): Promise<OrganizationDto> {
    return this.projectsClient.call(projects.ProjectsSubjects.getOrganization, { principal, organizationId });
  }
}
