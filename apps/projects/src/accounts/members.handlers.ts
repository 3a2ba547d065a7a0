import { Controller } from '@nestjs/common';
import { NotFoundError } from '@strata/contracts';
import { handleCommand, handleCommands, onStream, PostgresEventStore } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { now } from '../common/clock';
import { authorize, visibility } from '../access/access';
import { organizationDecider, type OrganizationCommand } from './organization';
import { organizationTarget } from '../projects/visibility';
import { findMember, findOrganization, findUser, findUserByEmail, membersOf, organizationsOf } from './accounts.queries';
import { apiKeyBody, FIRST_KEY_LABEL, issueApiKey, issueUser, userBody } from './issue';
import { organizationStream } from './streams';

/** `projects.users.me`, `projects.organizations.get`, `projects.members.*` (SPEC §4.1). */
@Controller()
export class MembersHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.currentUser)
  async currentUser({ principal }: Req<'projects.users.me'>): Reply<'projects.users.me'> {
    const user = await findUser(this.store.db, principal.userId);
    if (user === null) throw new NotFoundError('User not found.');
    const organizations = await organizationsOf(this.store.db, principal.userId);
    const visible = organizations.filter((organization) => visibility(principal, organizationTarget(organization.id)) === 'visible');
    return { ...user, organizations: visible };
  }

  @Handles(S.getOrganization)
  async getOrganization({ principal, organizationId }: Req<'projects.organizations.get'>): Reply<'projects.organizations.get'> {
    authorize(principal, organizationTarget(organizationId), 'organization:read');
    const organization = await findOrganization(this.store.db, organizationId);
    if (organization === null) throw new NotFoundError('Organization not found.');
    const { version: _version, ...body } = organization;
    return body;
  }

  @Handles(S.listMembers)
  async listMembers({ principal, organizationId, page }: Req<'projects.members.list'>): Reply<'projects.members.list'> {
    authorize(principal, organizationTarget(organizationId), 'members:read');
    return membersOf(this.store.db, organizationId, page);
  }

  /** Joins the user (created when the email is new) and hands out a key for this organization, in one append (SPEC §4.1). */
  @Handles(S.addMember)
  async addMember({ principal, organizationId, email, level }: Req<'projects.members.add'>): Reply<'projects.members.add'> {
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

  @Handles(S.updateMember)
  async updateMember({ principal, organizationId, userId, level, ifMatch }: Req<'projects.members.update'>): Reply<'projects.members.update'> {
    authorize(principal, organizationTarget(organizationId), 'members:manage');
    const command: OrganizationCommand = { type: 'ChangeMemberLevel', data: { userId, level, actorUserId: principal.userId } };
    const { nextVersion } = await this.changeOrganization(organizationId, command, ifMatch);
    const member = await findMember(this.store.db, organizationId, userId);
    if (member === null) throw new NotFoundError('Member not found.');
    return { result: member, version: nextVersion };
  }

  /** Anyone may leave; removing someone else takes an admin (the decider weighs the levels). */
  @Handles(S.removeMember)
  async removeMember({ principal, organizationId, userId, ifMatch }: Req<'projects.members.remove'>): Reply<'projects.members.remove'> {
    authorize(principal, organizationTarget(organizationId), userId === principal.userId ? 'organization:read' : 'members:manage');
    const command: OrganizationCommand = { type: 'RemoveMember', data: { userId, actorUserId: principal.userId } };
    await this.changeOrganization(organizationId, command, ifMatch);
    return {};
  }

  private changeOrganization(organizationId: string, command: OrganizationCommand, ifMatch?: number) {
    return handleCommand(this.store, organizationDecider, organizationStream(organizationId), command, { expectedVersion: ifMatch });
  }
}
