import { ConflictError, NotFoundError, ValidationError, projects } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { projectDecider } from './project';
import { AT, projectWithTwoEnvironments, token } from './project.fixtures';

const { Levels } = projects;
const spec = DeciderSpec.for(projectDecider);
const given = () => spec.given(projectWithTwoEnvironments());
const update = (data: Omit<Extract<Parameters<typeof projectDecider.decide>[0], { type: 'UpdateEnvironment' }>['data'], 'environmentId'>) =>
  ({ type: 'UpdateEnvironment', data: { environmentId: 8, ...data } }) as const;

describe('environment', () => {
  describe('update', () => {
    it('renames', () => {
      given().when(update({ name: 'QA' })).then([{ type: 'EnvironmentRenamed', data: { environmentId: 8, projectId: 7, name: 'QA' } }]);
    });

    it('may change only the case of its own name', () => {
      given().when(update({ name: 'STAGING' })).then([{ type: 'EnvironmentRenamed', data: { environmentId: 8, projectId: 7, name: 'STAGING' } }]);
    });

    it('refuses a sibling name, case-insensitively (409)', () => {
      given().when(update({ name: 'production' })).thenThrows(ConflictError, /already exists/);
    });

    it('records only the settings that change', () => {
      given().when(update({ settings: { timezone: 'Europe/Warsaw', allow_client_traits: true } })).then([
        { type: 'EnvironmentSettingsChanged', data: { environmentId: 8, projectId: 7, changes: { timezone: 'Europe/Warsaw' } } },
      ]);
    });

    it('does nothing when nothing changes', () => {
      given().when(update({ name: 'Staging', accessControl: false, settings: { timezone: 'UTC' } })).thenNothingHappens();
    });

    it('toggles access control', () => {
      given().when(update({ accessControl: true })).then([
        { type: 'EnvironmentAccessControlToggled', data: { environmentId: 8, projectId: 7, accessControl: true } },
      ]);
    });

    it('answers 404 for an environment outside the project', () => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'UpdateEnvironment', data: { environmentId: 99, name: 'X' } }).thenThrows(NotFoundError);
    });
  });

  describe('token reset', () => {
    it('issues the new token and lists the old one', () => {
      given().when({ type: 'ResetEnvironmentToken', data: { environmentId: 8, apiToken: token('n'), resetAt: AT } }).then([
        { type: 'EnvironmentTokenReset', data: { environmentId: 8, projectId: 7, apiToken: token('n'), previousToken: token('b'), resetAt: AT } },
      ]);
    });

    it.each([['phc_short'], ['phx_' + 'a'.repeat(43)], [token('b')]])('refuses %s (malformed or unchanged)', (apiToken) => {
      given().when({ type: 'ResetEnvironmentToken', data: { environmentId: 8, apiToken, resetAt: AT } }).thenThrows(ValidationError);
    });
  });

  describe('access grants', () => {
    const grant = (level: projects.GrantLevel, granteeLevel: projects.OrganizationLevel | null = Levels.member) =>
      ({ type: 'GrantEnvironmentAccess', data: { environmentId: 8, userId: 'u2', level, granteeLevel } }) as const;
    const granted: projects.EnvironmentAccessGranted = {
      type: 'EnvironmentAccessGranted',
      data: { environmentId: 8, projectId: 7, userId: 'u2', level: Levels.member },
    };

    it('grants a member access', () => {
      given().when(grant(Levels.member)).then([granted]);
    });

    it('does nothing when the same grant exists', () => {
      spec.given([...projectWithTwoEnvironments(), granted]).when(grant(Levels.member)).thenNothingHappens();
    });

    it('changes the level of an existing grant', () => {
      spec.given([...projectWithTwoEnvironments(), granted]).when(grant(Levels.admin)).then([
        { ...granted, data: { ...granted.data, level: Levels.admin } },
      ]);
    });

    it('refuses someone outside the organization (400 on user_id)', () => {
      given().when(grant(Levels.member, null)).thenThrows(ValidationError, /not a member/);
    });

    it('revokes a grant', () => {
      spec.given([...projectWithTwoEnvironments(), granted]).when({ type: 'RevokeEnvironmentAccess', data: { environmentId: 8, userId: 'u2' } }).then([
        { type: 'EnvironmentAccessRevoked', data: { environmentId: 8, projectId: 7, userId: 'u2' } },
      ]);
    });

    it('answers 404 when revoking a grant that does not exist', () => {
      given().when({ type: 'RevokeEnvironmentAccess', data: { environmentId: 8, userId: 'u2' } }).thenThrows(NotFoundError);
    });
  });
});
