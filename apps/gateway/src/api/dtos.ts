import { createZodDto } from 'nestjs-zod';
import * as bodies from './bodies';
import * as requests from './requests';

/** Named classes for Nest's parameter metadata and the OpenAPI document; the schemas themselves live beside. */

export class PageQueryDto extends createZodDto(requests.pageQuery) {}
export class ProjectsQueryDto extends createZodDto(requests.projectsQuery) {}
export class SignupRequestDto extends createZodDto(requests.signupRequest) {}
export class AddMemberRequestDto extends createZodDto(requests.addMemberRequest) {}
export class UpdateMemberRequestDto extends createZodDto(requests.updateMemberRequest) {}
export class CreateApiKeyRequestDto extends createZodDto(requests.createApiKeyRequest) {}
export class CreateProjectRequestDto extends createZodDto(requests.createProjectRequest) {}
export class UpdateProjectRequestDto extends createZodDto(requests.updateProjectRequest) {}
export class CreateEnvironmentRequestDto extends createZodDto(requests.createEnvironmentRequest) {}
export class UpdateEnvironmentRequestDto extends createZodDto(requests.updateEnvironmentRequest) {}
export class NoBodyDto extends createZodDto(requests.noBody) {}
export class GrantAccessRequestDto extends createZodDto(requests.grantAccessRequest) {}
export class RevokeAccessRequestDto extends createZodDto(requests.revokeAccessRequest) {}

export class ErrorDto extends createZodDto(bodies.errorBody) {}
export class SignupDto extends createZodDto(bodies.signupBody) {}
export class CurrentUserDto extends createZodDto(bodies.currentUserBody) {}
export class OrganizationDto extends createZodDto(bodies.organizationBody) {}
export class MemberDto extends createZodDto(bodies.memberBody) {}
export class MemberPageDto extends createZodDto(bodies.pageOf(bodies.memberBody)) {}
export class AddedMemberDto extends createZodDto(bodies.addedMemberBody) {}
export class PersonalApiKeyWithSecretDto extends createZodDto(bodies.personalApiKeyWithSecretBody) {}
export class ProjectDto extends createZodDto(bodies.projectBody) {}
export class ProjectPageDto extends createZodDto(bodies.pageOf(bodies.projectBody)) {}
export class EnvironmentDto extends createZodDto(bodies.environmentBody) {}
export class EnvironmentPageDto extends createZodDto(bodies.pageOf(bodies.environmentBody)) {}
export class EnvironmentGrantDto extends createZodDto(bodies.environmentGrantBody) {}
export class EnvironmentGrantPageDto extends createZodDto(bodies.pageOf(bodies.environmentGrantBody)) {}
