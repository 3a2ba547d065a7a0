import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, projects } from '@strata/contracts';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { withRetries } from '../common/concurrency';
import { parsePayload } from '../common/edge';
import { metadataFor, now } from '../common/metadata';
import { authorize, visibility } from '../domain/access';
import { organizationDecider, type OrganizationCommand } from '../domain/organization';
import { organizationTarget } from '../projects/visibility';
import { findMember, findOrganization, findUser, findUserByEmail, membersOf, organizationsOf } from './accounts.queries';
import {
  addMemberSchema,
  currentUserSchema,
  getOrganizationSchema,
  listMembersSchema,
  removeMemberSchema,
  updateMemberSchema,
} from './accounts.schemas';
import { FIRST_KEY_LABEL, issueApiKey, issueUser } from './issue';
import { organizationStream } from './streams';

const S = projects.ProjectsSubjects;
type Rpc<K extends keyof projects.ProjectsRpc> = projects.ProjectsRpc[K]['response'];

/** `projects.users.me`, `projects.organizations.get`, `projects.members.*` (SPEC §4.1). */
@Controller()
export class MembersHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.currentUser)
  async currentUser(@Payload() payload: unknown): Promise<Rpc<'projects.users.me'>> {
    const { principal } = parsePayload(currentUserSchema, payload);
    const user = await findUser(this.store.db, principal.userId);
    if (user === null) throw new NotFoundError('User not found.');
    const organizations = await organizationsOf(this.store.db, principal.userId);
    const visible = organizations.filter((organization) => visibility(principal, organizationTarget(organization.id)) === 'visible');
    return { ...user, organizations: visible };
  }

  @MessagePattern(S.getOrganization)
  async getOrganization(@Payload() payload: unknown): Promise<Rpc<'projects.organizations.get'>> {
    const { principal, organizationId } = parsePayload(getOrganizationSchema, payload);
    authorize(principal, organizationTarget(organizationId), 'organization:read');
    const organization = await findOrganization(this.store.db, organizationId);
    if (organization === null) throw new NotFoundError('Organization not found.');
    const { version: _version, ...body } = organization;
    return body;
  }

  @MessagePattern(S.listMembers)
  async listMembers(@Payload() payload: unknown): Promise<Rpc<'projects.members.list'>> {
    const { principal, organizationId, page } = parsePayload(listMembersSchema, payload);
    authorize(principal, organizationTarget(organizationId), 'members:read');
    return membersOf(this.store.db, organizationId, page);
  }

  /** Joins the user (created when the email is new) and hands out a key for this organization, in one append (SPEC §4.1). */
  @MessagePattern(S.addMember)
  async addMember(@Payload() payload: unknown): Promise<Rpc<'projects.members.add'>> {
    const { principal, organizationId, email, level } = parsePayload(addMemberSchema, payload);
    authorize(principal, organizationTarget(organizationId), 'members:manage');
    return withRetries(async () => {
      const known = await findUserByEmail(this.store.db, email);
      const created = known === null ? issueUser(email) : null;
      const user = known ?? created!.body;
      // Scoped to this organization: the admin receives it, and an existing user may belong to others the admin
      // has no business in.
      const key = issueApiKey(user.id, FIRST_KEY_LABEL, { organizations: [organizationId], environments: null });
      const streamId = organizationStream(organizationId);
      const { version, events } = await this.store.readStream<projects.OrganizationEvent>(streamId);
      const state = events.reduce(organizationDecider.evolve, organizationDecider.initialState());
      const command: OrganizationCommand = { type: 'AddMember', data: { userId: user.id, level, actorUserId: principal.userId, joinedAt: now() } };
      const added = { streamId, expectedVersion: version, events: organizationDecider.decide(command, state) };
      await this.store.appendToStreams([added, ...(created ? [created.append] : []), key.append], { metadata: metadataFor(principal) });
      return { user, level, personal_api_key: key.body };
    });
  }

  @MessagePattern(S.updateMember)
  async updateMember(@Payload() payload: unknown): Promise<Rpc<'projects.members.update'>> {
    const { principal, organizationId, userId, level, ifMatch } = parsePayload(updateMemberSchema, payload);
    authorize(principal, organizationTarget(organizationId), 'members:manage');
    const command: OrganizationCommand = { type: 'ChangeMemberLevel', data: { userId, level, actorUserId: principal.userId } };
    const { nextVersion } = await this.changeOrganization(organizationId, command, principal, ifMatch);
    const member = await findMember(this.store.db, organizationId, userId);
    if (member === null) throw new NotFoundError('Member not found.');
    return { result: member, version: nextVersion };
  }

  /** Anyone may leave; removing someone else takes an admin (the decider weighs the levels). */
  @MessagePattern(S.removeMember)
  async removeMember(@Payload() payload: unknown): Promise<Rpc<'projects.members.remove'>> {
    const { principal, organizationId, userId, ifMatch } = parsePayload(removeMemberSchema, payload);
    authorize(principal, organizationTarget(organizationId), userId === principal.userId ? 'organization:read' : 'members:manage');
    const command: OrganizationCommand = { type: 'RemoveMember', data: { userId, actorUserId: principal.userId } };
    await this.changeOrganization(organizationId, command, principal, ifMatch);
    return {};
  }

  private changeOrganization(organizationId: string, command: OrganizationCommand, principal: projects.Principal, ifMatch?: number) {
    const streamId = organizationStream(organizationId);
    const options = { expectedVersion: ifMatch, metadata: metadataFor(principal) };
    return withRetries(() => handleCommand(this.store, organizationDecider, streamId, command, options), { pinnedStreamVersion: ifMatch !== undefined });
  }
}
