import { eventually } from '@strata/testing';
import type { Page, Request, Response } from 'playwright-core';
import { ConsoleSession, expectText } from './console-session';

/**
 * What a walk through the console found broken (issue 22), each step failing before its fix: an import applying a
 * strategy nobody previewed, a refused setting out of view, a flag's page asking environments that cannot see the
 * flag (404s), and a 390 px window.
 */
describe('the web console, safely', () => {
  const session = ConsoleSession.forSpecs('safety');
  const { system, shot, dialog, openSwitcher, switchTo, go, upload, exportFile, foreign, pageErrors } = session;
  let page: Page;
  const ids = { project: 0, production: 0, staging: 0 };

  async function post<T>(key: string, url: string, body: unknown): Promise<T> {
    const answer = await fetch(`${system.baseUrl}${url}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(answer.status).toBe(201);
    return (await answer.json()) as T;
  }

  beforeAll(async () => {
    page = session.page;
    const signup = await fetch(`${system.baseUrl}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `safety-${process.pid}@example.com`, organization_name: 'Safety', project_name: 'Shop' }),
    });
    const made = (await signup.json()) as { personal_api_key: string; project: { id: number }; environment: { id: number } };
    ids.project = made.project.id;
    ids.production = made.environment.id;
    const key = made.personal_api_key;
    ids.staging = (await post<{ id: number }>(key, `/api/v2/projects/${ids.project}/environments/`, { name: 'Staging' })).id;
    await post(key, `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'checkout', is_project_wide: true });
    await post(key, `/api/v2/environments/${ids.staging}/feature_flags/`, { key: 'staging-only' });

    await session.signIn(key);
  });

  it('drops the plan when the strategy changes, applies only what was previewed, and confirms an overwrite naming what it changes', async () => {
    const sent: { strategy: string; dry_run: boolean; data: string }[] = [];
    const record = (request: Request) => {
      if (request.method() === 'POST' && /\/imports\/$/.test(new URL(request.url()).pathname)) sent.push(request.postDataJSON() as (typeof sent)[number]);
    };
    const file = await exportFile();
    page.on('request', record);
    try {
      await upload('setup.json', file);
      const plan = page.getByTestId('import-plan');
      await expectText(plan.locator('tr', { hasText: 'checkout' }), 'skip');

      // Another strategy: the Skip plan goes, and there is nothing to apply until it is previewed.
      await page.getByLabel('Strategy').selectOption('OVERWRITE_DESTRUCTIVE');
      expect(await plan.count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Apply the import' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Check and preview' }).click();
      await expectText(plan.locator('tr', { hasText: 'checkout' }), 'update');
      await page.getByRole('button', { name: 'Apply the import' }).click();
      await expectText(dialog().getByTestId('overwrite-changes'), 'checkout');
      await shot('import-overwrite-confirmation');
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      expect(await dialog().count()).toBe(0);
      expect(sent.filter((body) => !body.dry_run)).toEqual([]);

      // Back to Skip: previewed again, then applied as previewed, without a confirmation.
      await page.getByLabel('Strategy').selectOption('SKIP');
      expect(await plan.count()).toBe(0);
      await page.getByRole('button', { name: 'Check and preview' }).click();
      await expectText(plan.locator('tr', { hasText: 'checkout' }), 'skip');
      await page.getByRole('button', { name: 'Apply the import' }).click();
      await expectText(page.getByTestId('import-status'), 'finished');
      const applied = sent.filter((body) => !body.dry_run);
      expect(applied).toEqual([{ ...sent[sent.length - 2], dry_run: false }]);
      expect(applied[0].strategy).toBe('SKIP');
      const features = await page.getByTestId('import-summary').locator('tr', { hasText: /^features/ }).locator('td').allTextContents();
      expect(features.slice(1, 4)).toEqual(['0', '0', '0']);
    } finally {
      page.off('request', record);
    }
  });

  it('brings a refused setting into view with the focus, from the bottom of a short window', async () => {
    await go('Settings');
    const settings = page.getByRole('form', { name: 'Environment settings' });
    await settings.getByLabel('Timezone').fill('Mars/Olympus');
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expectText(settings.locator('.field', { has: page.getByLabel('Timezone') }).locator('.field-error'), 'time zone');
    const focusedInView = `(() => {
      const focused = document.activeElement;
      const box = focused.getBoundingClientRect();
      return focused.closest('.field')?.textContent.startsWith('Timezone') && box.top >= 0 && box.bottom <= window.innerHeight;
    })()`;
    await eventually(async () => expect(await page.evaluate(focusedInView)).toBe(true));
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('asks for an environment-specific flag’s state only in the environment that sees it', async () => {
    const failed: string[] = [];
    const asked: string[] = [];
    const onResponse = (response: Response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      if (/\/state$/.test(new URL(response.url()).pathname)) asked.push(response.url());
    };
    page.on('response', onResponse);
    try {
      await switchTo('Shop', 'Staging');
      await go('Feature flags');
      await page.getByRole('link', { name: 'staging-only' }).click();
      await page.getByRole('switch', { name: 'Enabled in Staging' }).waitFor();
      await expectText(page.getByRole('article', { name: 'State in Production' }), 'does not see this flag');
      // The flag list asks each flag's state where it is seen; of this flag, only Staging is asked.
      const flagId = page.url().split('/').pop() ?? '';
      const ofFlag = asked.filter((url) => url.includes(`/feature_flags/${flagId}/`));
      expect(ofFlag.length).toBeGreaterThan(0);
      expect(ofFlag.filter((url) => !url.includes(`/environments/${ids.staging}/`))).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      page.off('response', onResponse);
    }
  });

  it('fits a 390 px window: nothing wider, Sign out in view, whole names, the dropdown inside, a drawer that closes', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
    expect(signOut && signOut.x >= 0 && signOut.x + signOut.width <= 390).toBe(true);
    // Whole names, never cut to "Prod…": every crumb of the switcher shows all it holds.
    expect(await page.evaluate('[...document.querySelectorAll(".switcher-button .crumb")].every((crumb) => crumb.scrollWidth <= crumb.clientWidth)')).toBe(true);
    const panel = await openSwitcher();
    const dropdown = await panel.boundingBox();
    expect(dropdown && dropdown.x >= 0 && dropdown.x + dropdown.width <= 390).toBe(true);
    await shot('narrow-switcher');
    await page.keyboard.press('Escape');

    const menu = page.getByRole('button', { name: 'Menu' });
    const drawer = page.getByRole('navigation', { name: 'Sections' });
    await menu.click();
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await menu.click();
    await drawer.waitFor();
    await page.mouse.click(380, 700);
    await drawer.waitFor({ state: 'hidden' });
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
