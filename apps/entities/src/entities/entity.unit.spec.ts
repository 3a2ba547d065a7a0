import { ConflictError, NotFoundError, type entities } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { entityDecider, type Seen } from './entity';

const AT = '2026-01-01T00:00:00.000Z';
const STAGING: Seen = { kind: 'insight', projectId: 1, environmentId: 1 };
const PRODUCTION: Seen = { ...STAGING, environmentId: 2 };
const snapshot: entities.EntitySnapshot = {
  id: 'e1', kind: 'insight', projectId: 1, environmentId: 1, fields: { name: 'Signups' }, tags: [], references: [], createdAt: AT, updatedAt: AT,
};
const created: entities.EntityCreated = { type: 'EntityCreated', data: { entity: snapshot } };
const promoted: entities.EntityMadeProjectWide = { type: 'EntityMadeProjectWide', data: { id: 'e1', kind: 'insight', projectId: 1, fromEnvironmentId: 1, at: AT } };

describe('an entity', () => {
  const spec = DeciderSpec.for(entityDecider);

  it('is created once', () => {
    spec.given([]).when({ type: 'CreateEntity', data: { entity: snapshot } }).then([created]);
    spec.given([created]).when({ type: 'CreateEntity', data: { entity: snapshot } }).thenThrows(ConflictError);
  });

  it('is seen from its own environment only, until it is project-wide; another kind or project never sees it', () => {
    spec.given([created]).when({ type: 'DeleteEntity', data: { from: PRODUCTION, at: AT } }).thenThrows(NotFoundError);
    spec.given([created]).when({ type: 'DeleteEntity', data: { from: { ...STAGING, kind: 'cohort' }, at: AT } }).thenThrows(NotFoundError);
    spec.given([created]).when({ type: 'DeleteEntity', data: { from: { ...STAGING, projectId: 2 }, at: AT } }).thenThrows(NotFoundError);
    spec.given([created, promoted]).when({ type: 'DeleteEntity', data: { from: PRODUCTION, at: AT } }).then([
      { type: 'EntityDeleted', data: { id: 'e1', kind: 'insight', projectId: 1, environmentId: null, at: AT } },
    ]);
  });

  it('becomes project-wide once, and environment-specific owned by the environment that asks', () => {
    spec.given([created]).when({ type: 'MakeProjectWide', data: { from: STAGING, at: AT } }).then([promoted]);
    spec.given([created, promoted]).when({ type: 'MakeProjectWide', data: { from: PRODUCTION, at: AT } }).then([]);
    spec.given([created, promoted]).when({ type: 'MakeEnvironmentSpecific', data: { from: PRODUCTION, at: AT } }).then([
      { type: 'EntityMadeEnvironmentSpecific', data: { id: 'e1', kind: 'insight', projectId: 1, environmentId: 2, at: AT } },
    ]);
    spec.given([created]).when({ type: 'MakeEnvironmentSpecific', data: { from: STAGING, at: AT } }).then([]);
  });

  it('is gone once deleted', () => {
    const deleted: entities.EntityDeleted = { type: 'EntityDeleted', data: { id: 'e1', kind: 'insight', projectId: 1, environmentId: 1, at: AT } };
    spec.given([created, deleted]).when({ type: 'MakeProjectWide', data: { from: STAGING, at: AT } }).thenThrows(NotFoundError);
  });
});
