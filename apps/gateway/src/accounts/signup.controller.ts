import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PermissionDeniedError, projects } from '@strata/contracts';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { SignupDto, SignupRequestDto } from '../api/dtos';
import { OpenEndpoint, RequestContextGuard } from '../auth/request-context';
import type { GatewayConfig } from '../gateway.config';
import { ApiErrors } from '../http/routes';
import { ServiceClient } from '../service-client';

/** `POST /api/signup`: the one route without a key (SPEC §4.1), and one an operator can switch off. */
@Controller('api')
@UseGuards(RequestContextGuard)
@ApiTags('accounts')
export class SignupController {
  constructor(
    private readonly client: ServiceClient,
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
    const created = await this.client.call(projects.ProjectsSubjects.signup, {
      email: body.email,
      firstName: body.first_name,
      organizationName: body.organization_name,
      projectName: body.project_name,
    });
    const { personal_api_key: key, ...rest } = created;
    return { ...rest, personal_api_key: key.value, personal_api_key_id: key.id };
  }
}
