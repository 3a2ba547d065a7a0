import { ProjectsMessageSchemas as Schemas, ProjectsSubjects as S } from './index';

/**
 * The stateless rules of organizations, projects, environments, users and keys, as each `projects.*` message schema
 * applies them (the gateway's bodies are built from the same pieces). A service reports the first issue's path as
 * `attr`, snake_case (`scopedOrganizations` → `scoped_organizations`, via service-kit's `messageAttr`).
 */
const ORG = '0190c6d2-0000-7000-8000-000000000001';
const principal = {
  userId: '0190c6d2-0000-7000-8000-0000000000a1',
  keyId: '0190c6d2-0000-7000-8000-0000000000b1',
  organizationLevels: { [ORG]: 15 },
  scopes: { organizations: null, environments: null },
};

type Schema = { safeParse(input: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } };

function refused(schema: Schema, payload: Record<string, unknown>): { path: string; message: string } {
  const result = schema.safeParse(payload);
  const [issue] = result.error?.issues ?? [];
  if (issue === undefined) throw new Error(`accepted ${JSON.stringify(payload)}`);
  return { path: issue.path.map(String).join('.'), message: issue.message };
}

describe('projects request rules', () => {
  describe('names of organizations, projects and environments', () => {
    const named: [string, Schema, (name: string) => Record<string, unknown>, string][] = [
      ['signup (organization)', Schemas[S.signup], (name) => ({ email: 'ada@example.com', organizationName: name }), 'organizationName'],
      ['signup (project)', Schemas[S.signup], (name) => ({ email: 'ada@example.com', organizationName: 'Acme', projectName: name }), 'projectName'],
      ['project creation', Schemas[S.createProject], (name) => ({ principal, name }), 'name'],
      ['project rename', Schemas[S.updateProject], (name) => ({ principal, projectId: 7, name }), 'name'],
      ['environment creation', Schemas[S.createEnvironment], (name) => ({ principal, projectId: 7, environment: { name } }), 'environment.name'],
      ['environment update', Schemas[S.updateEnvironment], (name) => ({ principal, environmentId: 8, changes: { name } }), 'changes.name'],
    ];

    it.each(named)('refuse a blank name on %s', (_, schema, payload, path) => {
      expect(refused(schema, payload('  '))).toEqual({ path, message: expect.stringMatching(/blank/) });
    });

    it.each(named)('refuse a name over 200 characters on %s', (_, schema, payload, path) => {
      expect(refused(schema, payload('x'.repeat(201))).path).toBe(path);
    });

    it('are trimmed', () => {
      expect(Schemas[S.createProject].parse({ principal, name: ' Shop ' }).name).toBe('Shop');
      expect(Schemas[S.updateEnvironment].parse({ principal, environmentId: 8, changes: { name: ' QA ' } }).changes.name).toBe('QA');
    });
  });

  describe('environments', () => {
    it('refuse invalid settings on creation, at the setting', () => {
      const payload = { principal, projectId: 7, environment: { name: 'QA', settings: { timezone: 'Mars/Base' } } };
      expect(refused(Schemas[S.createEnvironment], payload)).toEqual({ path: 'environment.settings.timezone', message: expect.stringMatching(/time zone/) });
    });

    it('refuse owner as a grant level', () => {
      const payload = { principal, environmentId: 8, userId: principal.userId, level: 15 };
      expect(refused(Schemas[S.grantAccess], payload).path).toBe('level');
    });
  });

  describe('members', () => {
    it('refuse a level that is not member, admin or owner', () => {
      expect(refused(Schemas[S.addMember], { principal, organizationId: ORG, email: 'ada@example.com', level: 3 }).path).toBe('level');
      expect(refused(Schemas[S.updateMember], { principal, organizationId: ORG, userId: principal.userId, level: 3 }).path).toBe('level');
    });
  });

  describe('users', () => {
    it('refuse an invalid email', () => {
      expect(refused(Schemas[S.signup], { email: 'ada', organizationName: 'Acme' }).path).toBe('email');
      expect(refused(Schemas[S.addMember], { principal, organizationId: ORG, email: 'ada', level: 1 }).path).toBe('email');
    });

    it('never store an email with spaces around it: such an address is refused', () => {
      expect(refused(Schemas[S.signup], { email: ' ada@example.com ', organizationName: 'Acme' }).path).toBe('email');
    });

    it('trim the first name and refuse one over 150 characters', () => {
      expect(Schemas[S.signup].parse({ email: 'ada@example.com', firstName: ' Ada ', organizationName: 'Acme' }).firstName).toBe('Ada');
      expect(refused(Schemas[S.signup], { email: 'ada@example.com', firstName: 'x'.repeat(151), organizationName: 'Acme' }).path).toBe('firstName');
    });
  });

  describe('personal API keys', () => {
    it.each([
      ['a blank label', { label: ' ' }, 'label'],
      ['a label over 40 characters', { label: 'x'.repeat(41) }, 'label'],
      ['an organization scope that is no uuid', { label: 'CI', scopedOrganizations: ['acme'] }, 'scopedOrganizations.0'],
      ['an environment scope that is no id', { label: 'CI', scopedEnvironments: [0] }, 'scopedEnvironments.0'],
      ['more than 100 scopes', { label: 'CI', scopedEnvironments: Array.from({ length: 101 }, (_, i) => i + 1) }, 'scopedEnvironments'],
      ['an empty organization scope (it would mean "everything")', { label: 'CI', scopedOrganizations: [] }, 'scopedOrganizations'],
      ['an empty environment scope', { label: 'CI', scopedEnvironments: [] }, 'scopedEnvironments'],
    ])('refuse %s', (_, fields, path) => {
      expect(refused(Schemas[S.createApiKey], { principal, ...fields }).path).toBe(path);
    });
  });
});
