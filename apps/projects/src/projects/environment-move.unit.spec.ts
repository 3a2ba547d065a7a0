import { ConflictError, NotFoundError, ValidationError, projects } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { projectDecider } from './project';
import { AT, ORG, OTHER_ORG, environmentCreated, projectCreated, projectWithTwoEnvironments, snapshot, token } from './project.fixtures';

/** SPEC §7: an environment leaves its project (source stream) and is adopted by another (target stream). */
const spec = DeciderSpec.for(projectDecider);
const moveOut = (environmentId: number, toProjectId = 20) =>
  ({ type: 'MoveEnvironmentOut', data: { environmentId, toProjectId, movedAt: AT } }) as const;
const staging = snapshot({ environmentId: 8, uuid: 'env-uuid-8', name: 'Staging', apiToken: token('b') });
const targetProject = [
  projectCreated(20, 'Target'),
  environmentCreated({ environmentId: 20, uuid: 'env-uuid-20', projectId: 20, name: 'Production', apiToken: token('t') }),
];

describe('moving an environment between projects', () => {
  describe('out of the source project', () => {
    it('carries the whole environment along', () => {
      spec.given(projectWithTwoEnvironments()).when(moveOut(8)).then([
        { type: 'EnvironmentMovedOut', data: { environmentId: 8, projectId: 7, toProjectId: 20, environment: staging, movedAt: AT } },
      ]);
    });

    it('deletes the source project it leaves empty', () => {
      spec.given([projectCreated(), environmentCreated()]).when(moveOut(7)).then([
        { type: 'EnvironmentMovedOut', data: { environmentId: 7, projectId: 7, toProjectId: 20, environment: snapshot(), movedAt: AT } },
        { type: 'ProjectDeleted', data: { projectId: 7, organizationId: ORG, environments: [], deletedAt: AT } },
      ]);
    });

    it('refuses a move into the same project', () => {
      spec.given(projectWithTwoEnvironments()).when(moveOut(8, 7)).thenThrows(ValidationError);
    });

    it('answers 404 for an environment it does not hold', () => {
      spec.given(projectWithTwoEnvironments()).when(moveOut(99)).thenThrows(NotFoundError);
    });
  });

  describe('into the target project', () => {
    const adopt = (environment: projects.EnvironmentSnapshot, name?: string) =>
      ({ type: 'AdoptEnvironment', data: { environment, name, movedAt: AT } }) as const;

    it('keeps id, token, settings and grants, under the target project', () => {
      spec.given(targetProject).when(adopt(staging)).then([
        {
          type: 'EnvironmentMovedIn',
          data: { environmentId: 8, projectId: 20, fromProjectId: 7, environment: { ...staging, projectId: 20 }, movedAt: AT },
        },
      ]);
    });

    it('refuses a name the target already uses unless renamed on arrival', () => {
      const production = snapshot({ environmentId: 7 });
      spec.given(targetProject).when(adopt(production)).thenThrows(ConflictError, /already exists/);
      spec.given(targetProject).when(adopt(production, 'Production EU')).then([
        {
          type: 'EnvironmentMovedIn',
          data: { environmentId: 7, projectId: 20, fromProjectId: 7, environment: { ...production, projectId: 20, name: 'Production EU' }, movedAt: AT },
        },
      ]);
    });

    it('refuses an environment of another organization', () => {
      spec.given(targetProject).when(adopt({ ...staging, organizationId: OTHER_ORG })).thenThrows(ValidationError, /one organization/);
    });

    it('refuses an environment it already holds', () => {
      spec.given(targetProject).when(adopt(snapshot({ environmentId: 20, projectId: 20, name: 'Other' }))).thenThrows(ValidationError);
    });
  });
});
