import { projects } from '@strata/contracts';
import { createZodDto } from 'nestjs-zod';
import * as bodies from './bodies';

/**
 * Named classes for the OpenAPI document (and Nest's parameter metadata where a controller is written by hand):
 * the request schemas are the contracts', the response schemas are `./bodies`.
 */

export class PageQueryDto extends createZodDto(projects.http.pageQuery) {}
export class SignupRequestDto extends createZodDto(projects.http.signup) {}
export class CreateEnvironmentRequestDto extends createZodDto(projects.http.createEnvironment) {}

export class ErrorDto extends createZodDto(bodies.errorBody) {}
export class SignupDto extends createZodDto(bodies.signupBody) {}
export class CurrentUserDto extends createZodDto(bodies.currentUserBody) {}
export class OrganizationDto extends createZodDto(bodies.organizationBody) {}
export class MemberDto extends createZodDto(bodies.memberBody) {}
export class MemberPageDto extends createZodDto(bodies.pageOf(bodies.memberBody)) {}
export class AddedMemberDto extends createZodDto(bodies.addedMemberBody) {}
export class PersonalApiKeyPageDto extends createZodDto(bodies.pageOf(bodies.personalApiKeyBody)) {}
export class PersonalApiKeyWithSecretDto extends createZodDto(bodies.personalApiKeyWithSecretBody) {}
export class ProjectDto extends createZodDto(bodies.projectBody) {}
export class ProjectPageDto extends createZodDto(bodies.pageOf(bodies.projectBody)) {}
export class EnvironmentDto extends createZodDto(bodies.environmentBody) {}
export class AdoptionReportDto extends createZodDto(bodies.adoptionReportBody) {}
export class EnvironmentPageDto extends createZodDto(bodies.pageOf(bodies.environmentBody)) {}
export class EnvironmentGrantDto extends createZodDto(bodies.environmentGrantBody) {}
export class EnvironmentGrantPageDto extends createZodDto(bodies.pageOf(bodies.environmentGrantBody)) {}
export class ServerKeyWithSecretDto extends createZodDto(bodies.serverKeyWithSecretBody) {}
export class ServerKeyPageDto extends createZodDto(bodies.pageOf(bodies.serverKeyBody)) {}
export class GroupTypeDto extends createZodDto(bodies.groupTypeBody) {}
export class GroupTypePageDto extends createZodDto(bodies.pageOf(bodies.groupTypeBody)) {}
export class EventDefinitionDto extends createZodDto(bodies.eventDefinitionBody) {}
export class EventDefinitionPageDto extends createZodDto(bodies.pageOf(bodies.eventDefinitionBody)) {}
export class PropertyDefinitionDto extends createZodDto(bodies.propertyDefinitionBody) {}
export class PropertyDefinitionPageDto extends createZodDto(bodies.pageOf(bodies.propertyDefinitionBody)) {}
export class ResolveResponseDto extends createZodDto(bodies.resolveResponseBody) {}
