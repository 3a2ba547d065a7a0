import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, projects } from '@strata/contracts';
import { handleCommand, handleCommands, onStream, PostgresEventStore } from '@strata/eventstore';
import { parseRequest } from '../common/edge';
import { now } from '../common/clock';
import { authorize, visibility } from '../access/access';
import { organizationDecider, type OrganizationCommand } from './organization';
import { organizationTarget } from '../projects/visibility';
import { findMember, findOrganization, findUser, findUserByEmail, membersOf, organizationsOf } from './accounts.queries';
import { apiKeyBody, FIRST_KEY_LABEL, issueApiKey, issueUser, userBody } from './issue';
import { organizationStream } from './streams';

const S = projects.ProjectsSubjects;
type Rpc<K extends keyof projects.ProjectsRpc> = projects.ProjectsRpc[K]['response'];

/** `projects.users.me`, `projects.organizations.get`, `projects.members.*` (SPEC §4.1). */
@Controller()
export class MembersHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.currentUser)
  async currentUser(@Payload() payload: unknown): Promise<Rpc<'projects.users.me'>> {
    const { principal } = parseRequest(S.currentUser, payload);
    const user = await findUser(this.store.db, principal.userId);
    if (user === null) throw new NotFoundError('User not found.');
    const organizations = await organizationsOf(this.store.db, principal.userId);
    const visible = organizations.filter((organization) => visibility(principal, organizationTarget(organization.id)) === 'visible');
    return { ...user, organizations: visible };
  }

  @MessagePattern(S.getOrganization)
  async getOrganization(@Payload() payload: unknown): Promise<Rpc<'projects.organizations.get'>> {
    const { principal, organizationId } = parseRequest(S.getOrganization, payload);
    authorize(principal, organizationTarget(organizationId), 'organization:read');
    const organization = await findOrganization(this.store.db, organizationId);
    if (organization === null) throw new NotFoundError('Organization not found.');
    const { version: _version, ...body } = organization;
    return body;
  }

  @MessagePattern(S.listMembers)
  async listMembers(@Payload() payload: unknown): Promise<Rpc<'projects.members.list'>> {
    const { principal, organizationId, page } = parseRequest(S.listMembers, payload);
    authorize(principal, organizationTarget(organizationId), 'members:read');
    return membersOf(this.store.db, organizationId, page);
  }

  /** Joins the user (created when the email is new) and hands out a key for this organization, in one append (SPEC §4.1). */
  @MessagePattern(S.addMember)
  async addMember(@Payload() payload: unknown): Promise<Rpc<'projects.members.add'>> {
    const { principal, organizationId, email, level } = parseRequest(S.addMember, payload);
    authorize(principal, organizationTarget(organizationId), 'members:manage');
    const known = await findUserByEmail(this.store.db, email);
    const join = (userId: string) =>
      onStream(organizationDecider, organizationStream(organizationId), { type: 'AddMember', data: { userId, level, actorUserId: principal.userId, joinedAt: now() } });
    // An existing user gets no key: they have their own, and one made for them could be used against their keys.
    if (known !== null) {
      await handleCommands(this.store, [join(known.id)] as const);
      return { user: known, level, personal_api_key: null };
    }
    const created = issueUser(email);
    // Scoped to this organization: the admin who receives it has no business elsewhere.
    const key = issueApiKey(created.userId, FIRST_KEY_LABEL, { organizations: [organizationId], environments: null });
    const [, newUser, issued] = await handleCommands(this.store, [join(created.userId), created.command, key.command] as const);
    return { user: userBody(newUser.newState), level, personal_api_key: apiKeyBody(issued.newState, key.secret) };
  }

  @MessagePattern(S.updateMember)
  async updateMember(@Payload() payload: unknown): Promise<Rpc<'projects.members.update'>> {
    const { principal, organizationId, userId, level, ifMatch } = parseRequest(S.updateMember, payload);
    authorize(principal, organizationTarget(organizationId), 'members:manage');
    const command: OrganizationCommand = { type: 'ChangeMemberLevel', data: { userId, level, actorUserId: principal.userId } };
    const { nextVersion } = await this.changeOrganization(organizationId, command, ifMatch);
    const member = await findMember(this.store.db, organizationId, userId);
    if (member === null) throw new NotFoundError('Member not found.');
    return { result: member, version: nextVersion };
  }

  /** Anyone may leave; removing someone else takes an admin (the decider weighs the levels). */
  @MessagePattern(S.removeMember)
  async removeMember(@Payload() payload: unknown): Promise<Rpc<'projects.members.remove'>> {
    const { principal, organizationId, userId, ifMatch } = parseRequest(S.removeMember, payload);
    authorize(principal, organizationTarget(organizationId), userId === principal.userId ? 'organization:read' : 'members:manage');
    const command: OrganizationCommand = { type: 'RemoveMember', data: { userId, actorUserId: principal.userId } };
    await this.changeOrganization(organizationId, command, ifMatch);
    return {};
  }

  private changeOrganization(organizationId: string, command: OrganizationCommand, ifMatch?: number) {
    return handleCommand(this.store, organizationDecider, organizationStream(organizationId), command, { expectedVersion: ifMatch });
  }
}
