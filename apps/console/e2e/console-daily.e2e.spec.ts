import { eventually } from '@strata/testing';
import type { Page, Request } from 'playwright-core';
import { ConsoleSession, expectText } from './console-session';

/**
 * The console for daily work (issue 22): every flag's on/off in every environment at a glance, the activity and an
 * entity's history with its restore, and two environments compared with a copy previewed first.
 */
describe('the web console, day to day', () => {
  const session = ConsoleSession.forSpecs('daily');
  const { system, shot, dialog, switchTo, go, foreign, pageErrors, failed } = session;
  let page: Page;
  let key = '';
  const ids = { project: 0, production: 0, staging: 0, checkout: '', banner: '', stagingOnly: '', cohort: '', newSearch: '' };
  const email = `daily-${process.pid}@example.com`;

  async function call<T>(method: string, url: string, body?: unknown, version?: number): Promise<T> {
    const answer = await fetch(`${system.baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(version === undefined ? {} : { 'if-match': `W/"${version}"` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`${method} ${url}: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as T;
  }
  const stateOf = (environmentId: number, flagId: string) => call<{ enabled: boolean; version: number }>('GET', `/api/v2/environments/${environmentId}/feature_flags/${flagId}/state`);

  beforeAll(async () => {
    page = session.page;
    const signup = await fetch(`${system.baseUrl}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, organization_name: 'Daily', project_name: 'Shop' }),
    });
    const made = (await signup.json()) as { personal_api_key: string; project: { id: number }; environment: { id: number } };
    key = made.personal_api_key;
    ids.project = made.project.id;
    ids.production = made.environment.id;
    ids.staging = (await call<{ id: number }>('POST', `/api/v2/projects/${ids.project}/environments/`, { name: 'Staging' })).id;
    ids.checkout = (await call<{ id: string }>('POST', `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'checkout', is_project_wide: true })).id;
    ids.banner = (await call<{ id: string }>('POST', `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'banner', initial_value: 'blue', is_project_wide: true })).id;
    ids.stagingOnly = (await call<{ id: string }>('POST', `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'staging-only' })).id;
    // A cohort with three versions (a description added, then its rule's value changed) and a flag turned on and off.
    const cohorts = `/api/v2/environments/${ids.staging}/cohorts/`;
    const rules = (value: string) => [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value }] }];
    ids.cohort = (await call<{ id: string }>('POST', cohorts, { name: 'Beta testers', rules: rules('beta') })).id;
    await call('PATCH', `${cohorts}${ids.cohort}`, { description: 'First cohort' }, 1);
    await call('PATCH', `${cohorts}${ids.cohort}`, { rules: rules('beta2') }, 2);
    for (const enabled of [true, false, true, false]) await call('PATCH', `/api/v2/environments/${ids.staging}/feature_flags/${ids.banner}/state`, { enabled });

    await session.signIn(key);
  });

  afterAll(() => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows every flag on or off in each environment that sees it, toggles one there, and creates a project-wide flag at once', async () => {
    await switchTo('Shop', 'Staging');
    await go('Feature flags');
    const table = page.getByRole('table', { name: 'Feature flags' });
    await page.getByRole('switch', { name: 'checkout in Production' }).waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Production', 'Staging']));
    await page.getByRole('switch', { name: 'checkout in Staging' }).waitFor();
    await page.getByRole('switch', { name: 'staging-only in Staging' }).waitFor();
    // Production does not see Staging's own flag: no switch there, and it is not asked.
    expect(await page.getByRole('switch', { name: 'staging-only in Production' }).count()).toBe(0);
    await expectText(table.locator('tr', { hasText: 'banner' }), 'blue');

    const staging = page.getByRole('switch', { name: 'checkout in Staging' });
    expect(await staging.getAttribute('aria-checked')).toBe('false');
    await staging.click();
    await page.locator('[role="switch"][aria-label="checkout in Staging"][aria-checked="true"]').waitFor();
    expect((await stateOf(ids.staging, ids.checkout)).enabled).toBe(true);
    expect((await stateOf(ids.production, ids.checkout)).enabled).toBe(false);
    expect(await page.getByRole('switch', { name: 'checkout in Production' }).getAttribute('aria-checked')).toBe('false');
    await shot('flag-list-environments');

    await page.getByRole('button', { name: 'New feature flag' }).click();
    await dialog().getByLabel('Key', { exact: true }).fill('new-search');
    await dialog().getByLabel('Project-wide at once (every environment of the project sees it)').check();
    await dialog().getByRole('button', { name: 'Create feature flag' }).click();
    await expectText(page.locator('h1'), 'project-wide');
    ids.newSearch = page.url().split('/').pop() ?? '';
    await go('Feature flags');
    await page.getByRole('switch', { name: 'new-search in Production' }).waitFor();
    await page.getByRole('switch', { name: 'new-search in Staging' }).waitFor();
    expect(failed).toEqual([]);
  });

  it('shows the activity of the environment and of the project, filtered by kind, person and time, page by page', async () => {
    await go('Activity');
    const activity = page.getByTestId('activity');
    const toggled = activity.locator('tbody > tr', { hasText: 'state changed' }).filter({ hasText: 'checkout' });
    await expectText(toggled, email);
    expect(await toggled.first().getByRole('table').locator('tbody tr').allTextContents()).toEqual(['enabledfalsetrue']);
    await shot('activity');

    await page.getByLabel('Kind').selectOption('cohort');
    await expectText(activity, 'Beta testers');
    await eventually(async () => expect(await activity.locator(':scope > tbody > tr').allTextContents()).toEqual(Array(3).fill(expect.stringContaining('Cohort'))));
    await page.getByLabel('Who').selectOption({ label: email });
    await page.getByLabel('Until').fill('2000-01-01T00:00');
    await expectText(page.locator('.empty'), 'No change matches.');
    await page.getByLabel('Until').fill('');
    await page.getByLabel('From').fill('2999-01-01T00:00');
    await expectText(page.locator('.empty'), 'No change matches.');
    await page.getByLabel('From').fill('');
    await page.getByLabel('Kind').selectOption('');

    await page.getByLabel('Per page').selectOption('10');
    await eventually(async () => expect(await activity.locator(':scope > tbody > tr').count()).toBe(10));
    const firstPage = await activity.locator(':scope > tbody > tr').allTextContents();
    await page.getByRole('button', { name: 'Load older changes' }).click();
    await eventually(async () => expect(await activity.locator(':scope > tbody > tr').count()).toBeGreaterThan(10));
    const both = await activity.locator(':scope > tbody > tr').allTextContents();
    expect(both.slice(0, 10)).toEqual(firstPage);

    await go('Project activity');
    await expectText(page.getByTestId('activity').locator('tbody > tr', { hasText: 'created' }), 'Staging');
    await expectText(page.getByTestId('activity').locator('tbody > tr', { hasText: 'created' }), 'checkout');
    expect(failed).toEqual([]);
  });

  it("shows an entity's history with field diffs and restores a version after showing its dry run, and a flag's state too", async () => {
    await go('Cohorts');
    await page.getByRole('link', { name: 'Beta testers' }).click();
    const history = page.getByRole('group', { name: 'History' });
    await history.locator('summary').click();
    const versions = history.getByRole('table', { name: 'History' });
    await expectText(versions, 'Restore version 1');
    expect(await versions.getByRole('table', { name: 'Changes of version 3' }).locator('tbody tr').allTextContents()).toEqual(['rules[0].conditions[0].valuebetabeta2']);
    expect(await versions.getByRole('table', { name: 'Changes of version 2' }).locator('tbody tr').allTextContents()).toEqual(['description—First cohort']);

    await versions.getByRole('button', { name: 'Restore version 1' }).click();
    const preview = dialog().getByTestId('restore-preview');
    await expectText(preview, 'beta2');
    expect(await preview.locator('tbody tr').allTextContents()).toEqual(expect.arrayContaining(['descriptionFirst cohort—', 'rules[0].conditions[0].valuebeta2beta']));
    await shot('history-restore-preview');
    expect((await call<{ description?: string }>('GET', `/api/v2/environments/${ids.staging}/cohorts/${ids.cohort}`)).description).toBe('First cohort');
    await dialog().getByRole('button', { name: 'Restore version 1' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expectText(versions.locator('tbody > tr').first(), 'restored');
    await shot('history');
    const cohort = await call<{ version: number; rules: { conditions: { value: string }[] }[] }>('GET', `/api/v2/environments/${ids.staging}/cohorts/${ids.cohort}`);
    expect(cohort.version).toBe(4);
    expect(cohort.rules[0].conditions[0].value).toBe('beta');

    await go('Feature flags');
    await page.getByRole('link', { name: 'checkout' }).click();
    const states = page.getByRole('group', { name: 'State history in Staging' });
    await states.locator('summary').click();
    await expectText(states.locator('tbody > tr').first(), 'current');
    // Turned off here, the history gains that version; then the version it was on is restored.
    await page.getByRole('switch', { name: 'Enabled in Staging' }).click();
    await expectText(states, 'Restore version 1');
    expect(await states.getByRole('table', { name: 'Changes of version 2' }).locator('tbody tr').allTextContents()).toEqual(['enabledtruefalse']);
    await states.getByRole('button', { name: 'Restore version 1' }).click();
    await expectText(dialog().getByTestId('restore-preview'), 'enabled');
    expect(await dialog().getByTestId('restore-preview').locator('tbody tr').allTextContents()).toEqual(['enabledfalsetrue']);
    await dialog().getByRole('button', { name: 'Restore version 1' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.locator('[role="switch"][aria-label="Enabled in Staging"][aria-checked="true"]').waitFor();
    expect((await stateOf(ids.staging, ids.checkout)).enabled).toBe(true);
    await expectText(states.locator('tbody > tr').first(), 'restored');
    expect(failed).toEqual([]);
  });

  it('compares two environments across all flags, highlights what differs, and copies one, some or all after a preview', async () => {
    // Staging's banner gets a value and a rollout group on Staging's own cohort, which Production cannot see.
    const banner = `/api/v2/environments/${ids.staging}/feature_flags/${ids.banner}/state`;
    await call('PATCH', banner, { feature_state_value: { type: 'unicode', string_value: 'red' }, segment_overrides: [{ segment_id: ids.cohort, priority: 0, scope: 'environment', enabled: true }] });
    const sent: { flag_ids?: string[]; dry_run: boolean; copy_cohorts: boolean }[] = [];
    const record = (request: Request) => request.method() === 'POST' && request.url().endsWith('/copy_flag_states') && sent.push(request.postDataJSON() as (typeof sent)[number]);
    page.on('request', record);
    try {
      await go('Compare environments');
      expect(await page.getByLabel('Source environment').inputValue()).toBe(String(ids.staging));
      expect(await page.getByLabel('Target environment').inputValue()).toBe(String(ids.production));
      const table = page.getByTestId('comparison');
      await expectText(table, 'checkout');
      const row = (key: string) => table.locator('tbody > tr', { has: page.getByRole('link', { name: key, exact: true }) });
      expect(await row('checkout').getAttribute('class')).toBe('differs');
      expect(await row('checkout').locator('mark').allTextContents()).toEqual(['On', 'Off']);
      expect(await row('banner').locator('mark').allTextContents()).toEqual(['value red', '1 rollout group', 'value blue', '0 rollout groups']);
      expect(await row('new-search').getAttribute('class')).toBeNull();
      await page.getByLabel('Only the flags that differ').check();
      expect(await table.locator('tbody > tr').count()).toBe(2);
      await shot('compare');

      // One flag: previewed, then copied.
      await page.getByRole('button', { name: 'Copy checkout to Production…' }).click();
      const preview = dialog().getByTestId('copy-preview');
      await expectText(preview, 'checkout');
      expect(await preview.getByRole('table', { name: 'Changes of checkout' }).locator('tbody tr').allTextContents()).toEqual(['enabledOffOn']);
      expect((await stateOf(ids.production, ids.checkout)).enabled).toBe(false);
      await dialog().getByRole('button', { name: 'Copy to Production' }).click();
      await dialog().waitFor({ state: 'detached' });
      await expectText(page.getByRole('status'), 'Copied to Production: 1 flag changed.');
      expect((await stateOf(ids.production, ids.checkout)).enabled).toBe(true);
      await eventually(async () => expect(await table.locator('tbody > tr').count()).toBe(1));

      // Some flags: the rollout group's cohort is Staging's own, so the preview is refused until it is copied along.
      await page.getByLabel('Only the flags that differ').uncheck();
      await page.getByLabel('Pick banner').check();
      await page.getByLabel('Pick new-search').check();
      await page.getByRole('button', { name: 'Copy 2 picked to Production…' }).click();
      await expectText(dialog().getByTestId('hidden-cohorts'), 'banner: Beta testers');
      expect(await dialog().getByRole('button', { name: 'Copy to Production' }).isDisabled()).toBe(true);
      await dialog().getByLabel('Copy Staging’s own cohorts of these rollout groups into Production').check();
      await expectText(dialog().getByTestId('copy-preview'), 'banner');
      await shot('compare-copy-preview');
      await dialog().getByRole('button', { name: 'Copy to Production' }).click();
      await dialog().waitFor({ state: 'detached' });
      await expectText(page.getByRole('status'), 'Copied to Production: 1 flag changed.');
      const applied = sent.filter((body) => !body.dry_run);
      expect(applied[1]).toEqual({ ...sent[sent.length - 2], dry_run: false });
      expect(applied[1]).toMatchObject({ flag_ids: [ids.banner, ids.newSearch], copy_cohorts: true });
      await expectText(page.getByRole('status'), '0 differ');

      // All flags: a new difference, previewed and copied without naming flags.
      await call('PATCH', `/api/v2/environments/${ids.staging}/feature_flags/${ids.checkout}/state`, { enabled: false });
      await go('Activity');
      await go('Compare environments');
      await expectText(page.getByRole('status'), '1 differ');
      await page.getByRole('button', { name: 'Copy all to Production…' }).click();
      await expectText(dialog().getByTestId('copy-preview'), 'checkout');
      await dialog().getByRole('button', { name: 'Copy to Production' }).click();
      await dialog().waitFor({ state: 'detached' });
      await expectText(page.getByRole('status'), '0 differ');
      expect(sent.filter((body) => !body.dry_run)[2].flag_ids).toBeUndefined();
      expect((await stateOf(ids.production, ids.checkout)).enabled).toBe(false);
    } finally {
      page.off('request', record);
    }
    // The refused preview is the only failed request, as expected (asked again if the page's effects run twice).
    const refused = /^409 POST .*\/copy_flag_states$/;
    expect(failed.some((entry) => refused.test(entry))).toBe(true);
    expect(failed.filter((entry) => !refused.test(entry))).toEqual([]);
  });

  it('fits a 390 px window: the flag list and the comparison scroll within themselves, not the page', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    for (const section of ['compare', 'feature_flags']) {
      await page.goto(`${system.baseUrl}/environments/${ids.staging}/${section}`);
      await page.locator('table.list tbody tr').first().waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    }
    await shot('narrow-flag-list');
    expect(failed.filter((entry) => !entry.includes('/copy_flag_states'))).toEqual([]);
  });
});
