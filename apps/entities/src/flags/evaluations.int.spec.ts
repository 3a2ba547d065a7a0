import { randomUUID } from 'node:crypto';
import { entities, type StrataError } from '@strata/contracts';
import { eventually } from '@strata/testing';
import { EntitiesHarness } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const PROJECT = 7_301;
const STAGING = { projectId: PROJECT, environmentId: 7_301 };
const PRODUCTION = { projectId: PROJECT, environmentId: 7_302 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Scope = entities.EnvironmentScope;

/** The start of the hour `ms` from now: the counts' clock is the hour column, set here as an edge would. */
const hourFromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / HOUR) * HOUR).toISOString();

describe('evaluation counts and stale flags (SPEC §4.5, issue 20)', () => {
  const service = EntitiesHarness.forSpecs();
  const ask = <K extends entities.EntitiesSubject>(subject: K, payload: entities.EntitiesRequest<K>) => service.ask(subject, payload);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);
  const flag = (key: string) => service.create(STAGING, 'feature_flag', { key }, true);
  const count = (flagId: string, scope: Scope, hour: string, n: number): entities.EvaluationCount => ({ flagId, environmentId: scope.environmentId, hour, count: n });
  const record = (counts: entities.EvaluationCount[], batchId: string = randomUUID()) => ask(S.recordEvaluations, { batchId, counts });
  const evaluations = async (scope: Scope, flagId: string) => (await ask(S.getFlagState, { in: scope, flagId })).result.evaluations;
  const stale = async (scope: Scope, days: number, at?: string) =>
    (await ask(S.list, { in: scope, kind: 'feature_flag', scope: 'all', stale: { days, at }, page: { limit: 1000, offset: 0 } })).results.parse().map((one) => one.id);

  it('adds counts per flag, environment and hour, and shows the last 24 hours and 30 days on the flag’s state', async () => {
    const checkout = await flag('eval-checkout');
    expect(await evaluations(STAGING, checkout.id)).toEqual({ last_24h: 0, last_30d: 0 });

    await record([
      count(checkout.id, STAGING, hourFromNow(0), 3),
      count(checkout.id, STAGING, hourFromNow(-2 * HOUR), 4),
      count(checkout.id, STAGING, hourFromNow(-3 * DAY), 10),
      count(checkout.id, STAGING, hourFromNow(-40 * DAY), 100),
      count(checkout.id, PRODUCTION, hourFromNow(0), 7),
    ]);
    await record([count(checkout.id, STAGING, hourFromNow(0), 2)]);

    expect(await evaluations(STAGING, checkout.id)).toEqual({ last_24h: 9, last_30d: 19 });
    expect(await evaluations(PRODUCTION, checkout.id)).toEqual({ last_24h: 7, last_30d: 7 });
    const rows = await service.db.query<{ count: string }>('SELECT count FROM flag_evaluations WHERE flag_id = $1 AND environment_id = $2 AND hour = $3', [
      checkout.id,
      STAGING.environmentId,
      hourFromNow(0),
    ]);
    expect(rows).toEqual([{ count: '5' }]);
  });

  it('adds a batch once, however often it is sent, and adds concurrent batches over the same rows', async () => {
    const banner = await flag('eval-banner');
    const batch = [count(banner.id, STAGING, hourFromNow(0), 5)];
    const batchId = randomUUID();

    expect(await record(batch, batchId)).toEqual({ recorded: true });
    expect(await record(batch, batchId)).toEqual({ recorded: false });
    await Promise.all(Array.from({ length: 8 }, () => record(batch)));

    expect(await evaluations(STAGING, banner.id)).toEqual({ last_24h: 45, last_30d: 45 });
  });

  it('refuses a malformed batch whole', async () => {
    const limit = await flag('eval-limit');
    const good = count(limit.id, STAGING, hourFromNow(0), 1);

    expect(await refusal(record([good, { ...good, count: -1 }]))).toMatchObject({ status: 400, attr: 'counts.1.count' });
    expect(await refusal(record([good, { ...good, hour: 'yesterday' }]))).toMatchObject({ status: 400, attr: 'counts.1.hour' });
    expect(await evaluations(STAGING, limit.id)).toEqual({ last_24h: 0, last_30d: 0 });
  });

  it('lists as stale the flags neither evaluated nor changed in that environment for that many days', async () => {
    const untouched = await flag('stale-untouched');
    const evaluated = await flag('stale-evaluated');
    const elsewhere = await flag('stale-evaluated-in-production');
    const changed = await flag('stale-changed');
    // An instant after every creation and before the state change and the counts: the cutoff of "1 day, a day later".
    const between = Date.now();
    await eventually(() => expect(Date.now()).toBeGreaterThan(between));
    await ask(S.updateFlagState, { in: STAGING, flagId: changed.id, changes: { enabled: true } });
    await record([count(evaluated.id, STAGING, hourFromNow(0), 1), count(elsewhere.id, PRODUCTION, hourFromNow(0), 1)]);
    const dayLater = new Date(between + DAY).toISOString();

    const staging = await stale(STAGING, 1, dayLater);
    expect(staging).toEqual(expect.arrayContaining([untouched.id, elsewhere.id]));
    expect(staging).not.toEqual(expect.arrayContaining([evaluated.id]));
    expect(staging).not.toEqual(expect.arrayContaining([changed.id]));
    const production = await stale(PRODUCTION, 1, dayLater);
    expect(production).toEqual(expect.arrayContaining([untouched.id, evaluated.id, changed.id]));
    expect(production).not.toEqual(expect.arrayContaining([elsewhere.id]));
    // Judged now, every flag here was created within the day.
    expect(await stale(STAGING, 1)).toEqual([]);
    expect(await stale(STAGING, 0)).toEqual(expect.arrayContaining([untouched.id]));
  });
});
