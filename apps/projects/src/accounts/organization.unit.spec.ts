import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError, projects } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { organizationDecider } from './organization';

const { Levels } = projects;
const spec = DeciderSpec.for(organizationDecider);
const ORG = '0190c6d2-0000-7000-8000-000000000001';
const AT = '2025-01-01T00:00:00.000Z';
const created: projects.OrganizationCreated = { type: 'OrganizationCreated', data: { organizationId: ORG, name: 'Acme', createdBy: 'owner', createdAt: AT } };
const added = (userId: string, level: projects.OrganizationLevel): projects.MemberAdded => ({
  type: 'MemberAdded',
  data: { organizationId: ORG, userId, level, joinedAt: AT },
});
/** owner (15), admin (8), member (1) */
const acme = [created, added('owner', Levels.owner), added('admin', Levels.admin), added('member', Levels.member)];
const add = (actorUserId: string, level: projects.OrganizationLevel, userId = 'new') =>
  ({ type: 'AddMember', data: { userId, level, actorUserId, joinedAt: AT } }) as const;
const change = (actorUserId: string, userId: string, level: projects.OrganizationLevel) =>
  ({ type: 'ChangeMemberLevel', data: { userId, level, actorUserId } }) as const;
const remove = (actorUserId: string, userId: string) => ({ type: 'RemoveMember', data: { userId, actorUserId } }) as const;

describe('organization', () => {
  it('is created with its creator as owner', () => {
    spec.given([]).when({ type: 'CreateOrganization', data: { organizationId: ORG, name: 'Acme', ownerUserId: 'owner', createdAt: AT } })
      .then([created, added('owner', Levels.owner)]);
  });

  it('is created once', () => {
    spec.given(acme).when({ type: 'CreateOrganization', data: { organizationId: ORG, name: 'Acme', ownerUserId: 'x', createdAt: AT } })
      .thenThrows(ConflictError);
  });

  it('is renamed by an admin, not by a member', () => {
    spec.given(acme).when({ type: 'RenameOrganization', data: { name: 'Acme Inc', actorUserId: 'admin' } })
      .then([{ type: 'OrganizationRenamed', data: { organizationId: ORG, name: 'Acme Inc' } }]);
    spec.given(acme).when({ type: 'RenameOrganization', data: { name: 'Acme Inc', actorUserId: 'member' } }).thenThrows(PermissionDeniedError);
  });

  it('is 404 to someone outside it', () => {
    spec.given(acme).when(add('stranger', Levels.member)).thenThrows(NotFoundError);
    spec.given([]).when(add('owner', Levels.member)).thenThrows(NotFoundError);
  });

  describe('adding members', () => {
    it('takes an admin', () => {
      spec.given(acme).when(add('admin', Levels.admin)).then([added('new', Levels.admin)]);
      spec.given(acme).when(add('member', Levels.member)).thenThrows(PermissionDeniedError);
    });

    it('never above the adder’s own level', () => {
      spec.given(acme).when(add('admin', Levels.owner)).thenThrows(PermissionDeniedError);
      spec.given(acme).when(add('owner', Levels.owner)).then([added('new', Levels.owner)]);
    });

    it('refuses an existing member (409)', () => {
      spec.given(acme).when(add('owner', Levels.member, 'member')).thenThrows(ConflictError);
    });
  });

  describe('changing levels', () => {
    it('lets an admin promote a member to admin', () => {
      spec.given(acme).when(change('admin', 'member', Levels.admin)).then([
        { type: 'MemberLevelChanged', data: { organizationId: ORG, userId: 'member', previousLevel: Levels.member, level: Levels.admin } },
      ]);
    });

    it('keeps admins from touching owners or granting owner', () => {
      spec.given(acme).when(change('admin', 'owner', Levels.member)).thenThrows(PermissionDeniedError);
      spec.given(acme).when(change('admin', 'member', Levels.owner)).thenThrows(PermissionDeniedError);
    });

    it('keeps members from changing anyone', () => {
      spec.given(acme).when(change('member', 'member', Levels.admin)).thenThrows(PermissionDeniedError);
    });

    it('refuses to demote the last owner (400)', () => {
      spec.given(acme).when(change('owner', 'owner', Levels.admin)).thenThrows(ValidationError, /last owner/);
    });

    it('lets an owner step down once another owner exists', () => {
      spec.given([...acme, added('owner2', Levels.owner)]).when(change('owner', 'owner', Levels.admin)).then([
        { type: 'MemberLevelChanged', data: { organizationId: ORG, userId: 'owner', previousLevel: Levels.owner, level: Levels.admin } },
      ]);
    });

    it('does nothing when the level is unchanged, and 404 for a non-member', () => {
      spec.given(acme).when(change('owner', 'member', Levels.member)).thenNothingHappens();
      spec.given(acme).when(change('owner', 'ghost', Levels.member)).thenThrows(NotFoundError);
    });
  });

  describe('removing members', () => {
    const removed = (userId: string, removedBy: string): projects.MemberRemoved => ({
      type: 'MemberRemoved',
      data: { organizationId: ORG, userId, removedBy },
    });

    it('takes an admin at least at the removed member’s level', () => {
      spec.given(acme).when(remove('admin', 'member')).then([removed('member', 'admin')]);
      spec.given(acme).when(remove('admin', 'owner')).thenThrows(PermissionDeniedError);
      spec.given(acme).when(remove('member', 'admin')).thenThrows(PermissionDeniedError);
    });

    it('lets anyone leave', () => {
      spec.given(acme).when(remove('member', 'member')).then([removed('member', 'member')]);
    });

    it('refuses to remove the last owner, even by themselves (400)', () => {
      spec.given(acme).when(remove('owner', 'owner')).thenThrows(ValidationError, /last owner/);
      spec.given([...acme, added('owner2', Levels.owner)]).when(remove('owner2', 'owner')).then([removed('owner', 'owner2')]);
    });
  });
});
