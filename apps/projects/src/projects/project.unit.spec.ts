import { ConflictError, NotFoundError, ValidationError, projects } from '@strata/contracts';
import { DeciderSpec, fold } from '@strata/testing';
import { projectDecider, type ExistingProject } from './project';
import { AT, ORG, environmentCreated, projectCreated, projectWithTwoEnvironments, token } from './project.fixtures';

const spec = DeciderSpec.for(projectDecider);
const deletionRequested: projects.ProjectDeletionRequested = {
  type: 'ProjectDeletionRequested',
  data: { projectId: 7, organizationId: ORG, environmentIds: [7, 8], requestedAt: AT },
};
const createEnvironment = (name: string, environmentId = 9) =>
  ({ type: 'CreateEnvironment', data: { environmentId, uuid: `env-uuid-${environmentId}`, name, apiToken: token('c'), createdAt: AT } }) as const;

describe('project', () => {
  describe('creation', () => {
    const create = {
      type: 'CreateProject',
      data: { projectId: 7, organizationId: ORG, name: 'Shop', defaultEnvironment: { uuid: 'env-uuid-7', apiToken: token('a') }, createdAt: AT },
    } as const;

    it('creates the project with a default Production environment sharing its id', () => {
      spec.given([]).when(create).then([projectCreated(), environmentCreated()]);
    });

    it('names the default environment as asked', () => {
      const named = { ...create, data: { ...create.data, defaultEnvironment: { uuid: 'env-uuid-7', apiToken: token('a'), name: 'Dev' } } };
      spec.given([]).when(named).then([projectCreated(), environmentCreated({ name: 'Dev' })]);
    });

    it('refuses a malformed default token', () => {
      const bad = { ...create, data: { ...create.data, defaultEnvironment: { uuid: 'u', apiToken: 'phc_short' } } };
      spec.given([]).when(bad).thenThrows(ValidationError, /phc_/);
    });

    it('refuses to create a project twice', () => {
      spec.given([projectCreated(), environmentCreated()]).when(create).thenThrows(ConflictError);
    });
  });

  describe('rename', () => {
    it('renames', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'RenameProject', data: { name: 'Store' } })
        .then([{ type: 'ProjectRenamed', data: { projectId: 7, name: 'Store' } }]);
    });

    it('does nothing when the name is unchanged', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'RenameProject', data: { name: 'Shop' } }).thenNothingHappens();
    });

    it('answers 404 for a project that does not exist', () => {
      spec.given([]).when({ type: 'RenameProject', data: { name: 'Store' } }).thenThrows(NotFoundError);
    });
  });

  describe('deletion', () => {
    it('is requested first, listing the environments', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'RequestProjectDeletion', data: { requestedAt: AT } }).then([deletionRequested]);
    });

    it('is refused with 400 while a deletion is already pending', () => {
      spec.given([...projectWithTwoEnvironments(), deletionRequested])
        .when({ type: 'RequestProjectDeletion', data: { requestedAt: AT } })
        .thenThrows(ValidationError, /being deleted/);
    });

    it('completes with every environment token so ingestion drops them', () => {
      spec.given([...projectWithTwoEnvironments(), deletionRequested]).when({ type: 'CompleteProjectDeletion', data: { deletedAt: AT } }).then([
        {
          type: 'ProjectDeleted',
          data: { projectId: 7, organizationId: ORG, deletedAt: AT, environments: [{ environmentId: 7, apiToken: token('a') }, { environmentId: 8, apiToken: token('b') }] },
        },
      ]);
    });

    it('cannot complete when none is pending', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'CompleteProjectDeletion', data: { deletedAt: AT } }).thenThrows(ConflictError);
    });

    it('leaves a deleted project 404 to every command', () => {
      const deleted: projects.ProjectDeleted = { type: 'ProjectDeleted', data: { projectId: 7, organizationId: ORG, environments: [], deletedAt: AT } };
      spec.given([...projectWithTwoEnvironments(), deletionRequested, deleted]).when({ type: 'RenameProject', data: { name: 'X' } }).thenThrows(NotFoundError);
    });

    it('refuses changes to environments while a deletion is pending', () => {
      spec.given([...projectWithTwoEnvironments(), deletionRequested]).when(createEnvironment('QA')).thenThrows(ValidationError, /being deleted/);
    });
  });

  describe('environments', () => {
    it('creates one with default settings and no grants', () => {
      spec.given(projectWithTwoEnvironments()).when(createEnvironment('QA')).then([
        environmentCreated({ environmentId: 9, uuid: 'env-uuid-9', name: 'QA', apiToken: token('c') }),
      ]);
    });

    it('creates one with the settings and restriction asked for', () => {
      const command = { type: 'CreateEnvironment', data: { ...createEnvironment('QA').data, accessControl: true, settings: { timezone: 'Europe/Warsaw' } } } as const;
      spec.given(projectWithTwoEnvironments()).when(command).then([
        environmentCreated({
          environmentId: 9, uuid: 'env-uuid-9', name: 'QA', apiToken: token('c'), accessControl: true,
          settings: { ...projects.DEFAULT_ENVIRONMENT_SETTINGS, timezone: 'Europe/Warsaw' },
        }),
      ]);
    });

    it('refuses a name taken in the project, case-insensitively (409)', () => {
      spec.given(projectWithTwoEnvironments()).when(createEnvironment('staging')).thenThrows(ConflictError, /already exists/);
    });

    it('refuses an environment id already in the project', () => {
      spec.given(projectWithTwoEnvironments()).when(createEnvironment('QA', 8)).thenThrows(ConflictError);
    });

    it('deletes one that is not the last, listing its token', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'DeleteEnvironment', data: { environmentId: 8, deletedAt: AT } }).then([
        { type: 'EnvironmentDeleted', data: { environmentId: 8, projectId: 7, apiToken: token('b'), deletedAt: AT } },
      ]);
    });

    it('refuses to delete the last environment (400)', () => {
      spec.given([projectCreated(), environmentCreated()]).when({ type: 'DeleteEnvironment', data: { environmentId: 7, deletedAt: AT } })
        .thenThrows(ValidationError, /last one/);
    });

    it('answers 404 for an environment of another project', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'DeleteEnvironment', data: { environmentId: 99, deletedAt: AT } }).thenThrows(NotFoundError);
    });
  });

  describe('evolve', () => {
    it('tracks environment ids and versions', () => {
      const events: projects.ProjectEvent[] = [
        ...projectWithTwoEnvironments(),
        { type: 'EnvironmentRenamed', data: { environmentId: 8, projectId: 7, name: 'Stage' } },
        { type: 'EnvironmentDeleted', data: { environmentId: 7, projectId: 7, apiToken: token('a'), deletedAt: AT } },
      ];
      const state = fold(projectDecider, events) as ExistingProject;
      expect(state.environments.map((e) => [e.environmentId, e.name, e.version])).toEqual([[8, 'Stage', 2]]);
    });
  });
});
