import { entities } from '@strata/contracts';
import { rebuildProjection } from '@strata/eventstore';
import { EntitiesHarness } from '../testing/entities-harness';
import { activityProjection } from './activity.projection';

const S = entities.EntitiesSubjects;
const H = entities.EntitiesHistorySubjects;
const PROJECT = 7_401;
const STAGING = { projectId: PROJECT, environmentId: 7_401 };
const PRODUCTION = { projectId: PROJECT, environmentId: 7_402 };

/** The read model of SPEC §10 against the running service: what each change leaves, and a rebuild that gives it back. */
describe('activity read model', () => {
  const service = EntitiesHarness.forSpecs();
  const rows = () => service.db.query('SELECT * FROM change_log WHERE project_id = $1 ORDER BY position', [PROJECT]);

  // A new tag label is created in the edit's own append, after the edit's event: newest first, it comes before it.
  it('records every kind of change of a project, and rebuilds from the log to the same rows', async () => {
    const cohort = await service.create(STAGING, 'cohort', { name: 'pro users', rules: [] });
    const flag = await service.create(STAGING, 'feature_flag', { key: 'activity-flag' }, true);
    await service.ask(S.updateFlagState, {
      in: STAGING, flagId: flag.id, changes: { enabled: true, segment_overrides: [{ segment_id: cohort.id, priority: 1, scope: 'environment', enabled: true }] },
    });
    await service.ask(S.setIdentityOverride, { in: PRODUCTION, flagId: flag.id, identifier: 'user-1', enabled: true });
    await service.ask(S.update, { in: STAGING, kind: 'cohort', id: cohort.id, changes: { description: 'paying' }, tags: ['vip'] });
    await service.ask(S.makeProjectWide, { in: STAGING, kind: 'cohort', id: cohort.id, dryRun: false });

    const staging = await service.history(H.activity, { ...STAGING, filter: {}, limit: 100 });
    expect(staging.results.map((entry) => [entry.action, entry.kind])).toEqual([
      ['made_project_wide', 'cohort'],
      ['created', 'tag'],
      ['updated', 'cohort'],
      ['state_changed', 'feature_flag'],
      ['created', 'feature_flag'],
      ['created', 'cohort'],
    ]);
    const production = await service.history(H.activity, { ...PRODUCTION, filter: {}, limit: 100 });
    expect(production.results.map((entry) => [entry.action, entry.name])).toEqual([
      ['made_project_wide', 'pro users'],
      ['created', 'vip'],
      ['identity_override_set', 'user-1'],
      ['created', 'activity-flag'],
    ]);
    const project = await service.history(H.activity, { projectId: PROJECT, filter: { kind: 'cohort' }, limit: 100 });
    expect(project.results.map((entry) => entry.action)).toEqual(['made_project_wide']);

    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    await rebuildProjection(service.db, activityProjection);
    expect(await rows()).toEqual(before);
  });
});
