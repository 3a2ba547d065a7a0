import type { Page } from 'playwright-core';
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
  const ids = { project: 0, production: 0, staging: 0, checkout: '', banner: '', stagingOnly: '' };

  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const answer = await fetch(`${system.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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
      body: JSON.stringify({ email: `daily-${process.pid}@example.com`, organization_name: 'Daily', project_name: 'Shop' }),
    });
    const made = (await signup.json()) as { personal_api_key: string; project: { id: number }; environment: { id: number } };
    key = made.personal_api_key;
    ids.project = made.project.id;
    ids.production = made.environment.id;
    ids.staging = (await call<{ id: number }>('POST', `/api/v2/projects/${ids.project}/environments/`, { name: 'Staging' })).id;
    ids.checkout = (await call<{ id: string }>('POST', `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'checkout', is_project_wide: true })).id;
    ids.banner = (await call<{ id: string }>('POST', `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'banner', initial_value: 'blue', is_project_wide: true })).id;
    ids.stagingOnly = (await call<{ id: string }>('POST', `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'staging-only' })).id;

    await page.goto(`${system.baseUrl}/`);
    await page.getByLabel('Personal API key', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/environments\/\d+\/dashboards$/);
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
    await go('Feature flags');
    await page.getByRole('switch', { name: 'new-search in Production' }).waitFor();
    await page.getByRole('switch', { name: 'new-search in Staging' }).waitFor();
    expect(failed).toEqual([]);
  });
});
