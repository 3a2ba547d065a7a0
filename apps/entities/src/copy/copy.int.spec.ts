import { entities } from '@strata/contracts';
import { cohortFields, EntitiesHarness } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const C = entities.EntitiesCopySubjects;

/** The size `bench/compare` measures; the default run copies a tenth of it. `COPY_SCALE_FLAGS=1000` runs the whole size. */
const FLAGS = Number(process.env.COPY_SCALE_FLAGS ?? 100);
const PROJECT = 9_500_001;
const STAGING = { projectId: PROJECT, environmentId: 9_500_001 };
const PRODUCTION = { projectId: PROJECT, environmentId: 9_500_002 };

describe('copying flag states between environments over NATS (SPEC §11)', () => {
  const service = EntitiesHarness.forSpecs();
  const copy = (dryRun: boolean) =>
    service.copy(C.copyFlagStates, { projectId: PROJECT, fromEnvironmentId: STAGING.environmentId, toEnvironmentId: PRODUCTION.environmentId, includeIdentityOverrides: true, copyCohorts: false, dryRun });

  it(`copies ${FLAGS} states in one append, a dry run first changing nothing, and a second copy changes nothing`, async () => {
    const cohort = await service.create(STAGING, 'cohort', cohortFields('Pro'), true);
    const options = [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 0 }];
    for (let i = 0; i < FLAGS; i++) {
      const flag = await service.create(STAGING, 'feature_flag', { key: `copy-${i}`, multivariate_options: options }, true);
      const changes = {
        enabled: true,
        feature_state_value: { type: 'unicode', string_value: `value-${i}` },
        multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 40 }],
        segment_overrides: [{ segment_id: cohort.id, priority: 1, scope: 'environment', enabled: false }],
      } as entities.FlagStateChanges;
      await service.ask(S.updateFlagState, { in: STAGING, flagId: flag.id, changes });
      if (i % 10 === 0) await service.ask(S.setIdentityOverride, { in: STAGING, flagId: flag.id, identifier: `user-${i}`, enabled: true });
    }
    const planned = await copy(true).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${service.output().slice(-6).join('\n')}`);
    });
    expect(planned.changes).toHaveLength(FLAGS);
    const [row] = await service.db.query<{ n: string }>('SELECT count(*) AS n FROM flag_states WHERE environment_id = $1', [PRODUCTION.environmentId]);
    expect(Number(row.n)).toBe(0);
    const copied = await copy(false);
    expect(copied.changes).toEqual(planned.changes);
    const comparison = await service.copy(C.compare, { projectId: PROJECT, base: { id: STAGING.environmentId, name: 'Staging' }, head: { id: PRODUCTION.environmentId, name: 'Production' } });
    expect(comparison.flags.filter((flag) => flag.differs.length > 0)).toEqual([]);
    expect((await copy(false)).changes).toEqual([]);
  }, 600_000);
});
