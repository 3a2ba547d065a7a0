import { Controller } from '@nestjs/common';
import { ConflictError, NotFoundError, projects } from '@strata/contracts';
import { handleCommands, onNewStream, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { now } from '../common/clock';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { nextProjectEnvironmentId } from '../common/ids';
import { newEnvironmentToken } from '../common/secrets';
import { organizationDecider, type OrganizationState } from './organization';
import { existingProject, projectDecider } from '../projects/project';
import { environmentBody, projectBody } from '../projects/bodies';
import { projectStreamId } from '../projects/project-stream';
import { findUserByEmail } from './accounts.queries';
import { apiKeyBody, FIRST_KEY_LABEL, issueApiKey, issueUser, userBody } from './issue';
import { organizationStream } from './streams';

const DEFAULT_PROJECT_NAME = 'Default project';

/** `projects.signup`: the one open command (SPEC §4.1). */
@Controller()
export class SignupHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  /**
   * A new organization, its owner, a project with its `Production` environment and the owner's first key — in one
   * all-or-nothing append over four new streams, so a failure leaves no half-made account behind.
   */
  @Handles(S.signup)
  async signup(request: Req<'projects.signup'>): Reply<'projects.signup'> {
    const { organizationName, projectName = DEFAULT_PROJECT_NAME } = request;
    if ((await findUserByEmail(this.store.db, request.email)) !== null) {
      throw new ConflictError('A user with this email already exists.', 'email_taken', 'email');
    }
    const user = issueUser(request.email, request.firstName);
    const key = issueApiKey(user.userId, FIRST_KEY_LABEL);
    const organizationId = uuidv7();
    const createdAt = now();
    const [organization, created, project, issued] = await handleCommands(this.store, [
      onNewStream(organizationDecider, organizationStream(organizationId), {
        type: 'CreateOrganization',
        data: { organizationId, name: organizationName, ownerUserId: user.userId, createdAt },
      }),
      user.command,
      await this.newProject(organizationId, projectName),
      key.command,
    ] as const);
    const personalApiKey = apiKeyBody(issued.newState, key.secret);
    const owner = ownerPrincipal(user.userId, personalApiKey.id, organizationId);
    const newProject = existingProject(project.newState);
    return {
      user: userBody(created.newState),
      organization: organizationBody(organization.newState),
      project: projectBody(newProject, newProject.environments, owner),
      environment: environmentBody(newProject.environments[0]),
      personal_api_key: personalApiKey,
    };
  }

  private async newProject(organizationId: string, name: string) {
    const projectId = await nextProjectEnvironmentId(this.store.db);
    const defaultEnvironment = { uuid: uuidv7(), apiToken: newEnvironmentToken() };
    return onNewStream(projectDecider, projectStreamId(projectId), {
      type: 'CreateProject',
      data: { projectId, organizationId, name, defaultEnvironment, createdAt: now() },
    });
  }
}

function organizationBody(state: OrganizationState): projects.Organization {
  if (state.status === 'absent') throw new NotFoundError('Organization not found.');
  return { id: state.organizationId, name: state.name, created_at: state.createdAt };
}

function ownerPrincipal(userId: string, keyId: string, organizationId: string): projects.Principal {
  return { userId, keyId, organizationLevels: { [organizationId]: projects.Levels.owner }, scopes: { organizations: null, environments: null } };
}
