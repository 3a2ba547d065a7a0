import { projects } from '@strata/contracts';
import { ORG, snapshot } from './project.fixtures';
import { environmentBody, projectBody } from './bodies';

const { Levels } = projects;
const member: projects.Principal = { userId: 'u1', keyId: 'k1', organizationLevels: { [ORG]: Levels.member }, scopes: { organizations: null, environments: null } };

describe('bodies', () => {
  it('serve an environment with every setting of SPEC §1, defaults filling what an old event lacks', () => {
    const { timezone: _timezone, ...older } = projects.DEFAULT_ENVIRONMENT_SETTINGS;
    const body = environmentBody(snapshot({ settings: older as projects.EnvironmentSettings }));

    expect(Object.keys(body).sort()).toEqual(
      ['id', 'uuid', 'project_id', 'organization_id', 'name', 'api_token', 'access_control', 'created_at', ...projects.ENVIRONMENT_SETTING_NAMES].sort(),
    );
    expect(body.timezone).toBe('UTC');
  });

  it('list in a project only the environments the principal sees', () => {
    const open = { ...snapshot(), version: 1 };
    const restricted = { ...snapshot({ environmentId: 8, name: 'Secret', accessControl: true }), version: 1 };
    const body = projectBody({ projectId: 7, organizationId: ORG, name: 'Shop', createdAt: open.createdAt }, [open, restricted], member);

    expect(body.environments).toEqual([{ id: 7, name: 'Production' }]);
  });
});
