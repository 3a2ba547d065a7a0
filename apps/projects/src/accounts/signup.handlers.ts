import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConflictError, projects } from '@strata/contracts';
import { PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { withRetries } from '../common/concurrency';
import { parsePayload } from '../common/edge';
import { nextProjectEnvironmentId } from '../common/ids';
import { metadataFor, now } from '../common/metadata';
import { newEnvironmentToken } from '../common/secrets';
import { validName } from '../domain/names';
import { organizationDecider } from '../domain/organization';
import { evolve, initialState, decide as decideProject, type ExistingProject } from '../domain/project';
import { environmentBody, projectBody } from '../projects/bodies';
import { projectStreamId } from '../projects/project-stream';
import { findUserByEmail } from './accounts.queries';
import { signupSchema } from './accounts.schemas';
import { FIRST_KEY_LABEL, issueApiKey, issueUser } from './issue';
import { organizationStream } from './streams';

const DEFAULT_PROJECT_NAME = 'Default project';

/** `projects.signup`: the one open command (SPEC §4.1). */
@Controller()
export class SignupHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  /**
   * A new organization, its owner, a project with its `Production` environment and the owner's first key — in one
   * all-or-nothing append over four streams, so a failure leaves no half-made account behind.
   */
  @MessagePattern(projects.ProjectsSubjects.signup)
  async signup(@Payload() payload: unknown): Promise<projects.SignupResponse> {
    const request = parsePayload(signupSchema, payload);
    const organizationName = validName(request.organizationName, 'organization_name');
    const projectName = validName(request.projectName ?? DEFAULT_PROJECT_NAME, 'project_name');
    if ((await findUserByEmail(this.store.db, request.email)) !== null) {
      throw new ConflictError('A user with this email already exists.', 'email_taken', 'email');
    }
    const user = issueUser(request.email, request.firstName);
    const key = issueApiKey(user.body.id, FIRST_KEY_LABEL);
    const organization = this.organizationOf(user.body.id, organizationName);
    const project = await this.projectOf(organization.body.id, projectName);
    await withRetries(() =>
      this.store.appendToStreams([organization.append, user.append, project.append, key.append], { metadata: metadataFor() }),
    );
    const owner = ownerPrincipal(user.body.id, key.body.id, organization.body.id);
    const [environment] = project.state.environments;
    return {
      user: user.body,
      organization: organization.body,
      project: projectBody(project.state, project.state.environments, owner),
      environment: environmentBody(environment),
      personal_api_key: key.body,
    };
  }

  private organizationOf(ownerUserId: string, name: string) {
    const organizationId = uuidv7();
    const createdAt = now();
    const events = organizationDecider.decide(
      { type: 'CreateOrganization', data: { organizationId, name, ownerUserId, createdAt } },
      organizationDecider.initialState(),
    );
    const body: projects.Organization = { id: organizationId, name, created_at: createdAt };
    return { append: { streamId: organizationStream(organizationId), expectedVersion: 'no_stream' as const, events }, body };
  }

  private async projectOf(organizationId: string, name: string) {
    const projectId = await nextProjectEnvironmentId(this.store.db);
    const defaultEnvironment = { uuid: uuidv7(), apiToken: newEnvironmentToken() };
    const events = decideProject({ type: 'CreateProject', data: { projectId, organizationId, name, defaultEnvironment, createdAt: now() } }, initialState());
    const state = events.reduce(evolve, initialState()) as ExistingProject;
    return { append: { streamId: projectStreamId(projectId), expectedVersion: 'no_stream' as const, events }, state };
  }
}

function ownerPrincipal(userId: string, keyId: string, organizationId: string): projects.Principal {
  return { userId, keyId, organizationLevels: { [organizationId]: projects.Levels.owner }, scopes: { organizations: null, environments: null } };
}
