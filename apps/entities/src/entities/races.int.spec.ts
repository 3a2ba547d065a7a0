import { entities } from '@strata/contracts';
import { cohortFields, EntitiesHarness, type Outcome } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
/** Rounds per race, each in a project of its own; a race stops early past its time budget. */
const ROUNDS = 40;
const BUDGET_MS = 8_000;

type Scope = entities.EnvironmentScope;

/**
 * Races between the graph's decisions in different requests, sent in parallel to the running service. Whatever order
 * they land in, afterwards no project-wide entity depends on an environment-specific one, no entity references one
 * its environment cannot see, and two calls never both succeed when together they would break that.
 */
describe('entities service under concurrent graph decisions', () => {
  const service = EntitiesHarness.forSpecs();
  let nextProject = 9_100_000;

  /** Two environments of a fresh project per round, so rounds never contend with each other. */
  async function rounds(race: (a: Scope, b: Scope) => Promise<void>): Promise<number> {
    const deadline = Date.now() + BUDGET_MS;
    let round = 0;
    for (; round < ROUNDS && Date.now() < deadline; round++) {
      const projectId = ++nextProject;
      await race({ projectId, environmentId: projectId * 10 + 1 }, { projectId, environmentId: projectId * 10 + 2 });
      expect(await service.violations(projectId)).toEqual([]);
    }
    return round;
  }

  const statusOf = (outcome: Outcome<unknown>) => (outcome.ok ? 200 : outcome.error.status);

  it('promotion of a chain against the demotion of what it reaches: never a project-wide entity on an environment-specific one', async () => {
    const played = await rounds(async (a) => {
      const cohort = await service.create(a, 'cohort', cohortFields('Shared buyers'), true);
      const insight = await service.create(a, 'insight', { name: 'Buyers', filters: { cohort_ids: [cohort.id] } });
      const dashboard = await service.create(a, 'dashboard', { name: 'Sales', tiles: [{ insight_id: insight.id }] });

      const [promote, demote] = await Promise.all([
        service.attempt(S.makeProjectWide, { in: a, kind: 'dashboard', id: dashboard.id, dryRun: false }),
        service.attempt(S.makeEnvironmentSpecific, { in: a, kind: 'cohort', id: cohort.id }),
      ]);

      expect(promote.ok).toBe(true);
      expect([200, 409]).toContain(statusOf(demote));
      const final = (await service.ask(S.get, { in: a, kind: 'cohort', id: cohort.id })).result;
      // Both stand only in one order: the demotion first, then the promotion carried the cohort back to project-wide.
      if (promote.ok && demote.ok) expect(promote.value.promoted).toContainEqual({ kind: 'cohort', id: cohort.id });
      expect(final.is_project_wide).toBe(true);
    });
    expect(played).toBeGreaterThan(5);
  });

  it('a creation (environment-specific or project-wide) referencing a project-wide cohort in one environment against its demotion in another: never both', async () => {
    let round = 0;
    const played = await rounds(async (a, b) => {
      const cohort = await service.create(a, 'cohort', cohortFields('Everyone'), true);
      const isProjectWide = round++ % 2 === 1;

      const [create, demote] = await Promise.all([
        service.attempt(S.create, { in: b, kind: 'insight', fields: { name: 'B view', filters: { cohort_ids: [cohort.id] } } as entities.KindFields, isProjectWide }),
        service.attempt(S.makeEnvironmentSpecific, { in: a, kind: 'cohort', id: cohort.id }),
      ]);

      expect(create.ok && demote.ok).toBe(false);
      if (!create.ok) expect(create.error).toMatchObject({ status: 400, code: 'invalid_reference', attr: 'filters.cohort_ids.0' });
      if (!demote.ok) expect(demote.error).toMatchObject({ status: 409, code: 'in_use' });
      expect(create.ok || demote.ok).toBe(true);
    });
    expect(played).toBeGreaterThan(5);
  });

  it('a deletion against another environment starting to reference the entity (by creation or by edit): never both', async () => {
    let round = 0;
    const played = await rounds(async (a, b) => {
      const action = await service.create(a, 'action', { name: 'Checkout' }, true);
      const byEdit = round++ % 2 === 1;
      const existing = byEdit ? await service.create(b, 'cohort', cohortFields('Plain')) : undefined;
      const reference = existing
        ? service.attempt(S.update, { in: b, kind: 'cohort', id: existing.id, changes: cohortFields('Buyers', [], [action.id]) })
        : service.attempt(S.create, { in: b, kind: 'cohort', fields: cohortFields('Buyers', [], [action.id]) as entities.KindFields });

      const [referenced, deleted] = await Promise.all([reference, service.attempt(S.delete, { in: a, kind: 'action', id: action.id })]);

      expect(referenced.ok && deleted.ok).toBe(false);
      if (!referenced.ok) expect(referenced.error).toMatchObject({ status: 400, attr: 'rules' });
      if (!deleted.ok) expect(deleted.error).toMatchObject({ status: 409, code: 'in_use' });
    });
    expect(played).toBeGreaterThan(5);
  });

  it('an edit adding an environment-specific reference against the promotion of the edited entity: the reference is promoted too', async () => {
    const played = await rounds(async (a) => {
      const action = await service.create(a, 'action', { name: 'Signed up' });
      const insight = await service.create(a, 'insight', { name: 'Signups' });

      const [edit, promote] = await Promise.all([
        service.attempt(S.update, { in: a, kind: 'insight', id: insight.id, changes: { filters: { action_ids: [action.id] } } }),
        service.attempt(S.makeProjectWide, { in: a, kind: 'insight', id: insight.id, dryRun: false }),
      ]);

      expect([edit.ok, promote.ok]).toEqual([true, true]);
      const final = (await service.ask(S.get, { in: a, kind: 'action', id: action.id })).result;
      expect(final.is_project_wide).toBe(true);
    });
    expect(played).toBeGreaterThan(5);
  });
});
