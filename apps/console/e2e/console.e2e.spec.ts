import { eventually, strata } from '@strata/testing';
import { type Page } from 'playwright-core';
import { ConsoleSession, environmentIdOf, type ExportFile, expectText } from './console-session';

/**
 * The console (SPEC §9) in Debian's Chromium against the whole running system: every step goes through the pages a
 * person uses, and the API the console calls is the public one. The specs run in order and build on each other, as a
 * person's session would; the main views are saved as screenshots (to docs/screenshots, for the README, with
 * UPDATE_SCREENSHOTS=1).
 */
describe('the web console', () => {
  const session = ConsoleSession.forSpecs('journeys');
  const { system, shot, dialog, openSwitcher, switchTo, createEntity, go, upload, exportFile, foreign, pageErrors } = session;
  let page: Page;
  beforeAll(() => {
    page = session.page;
  });
  const ids = { production: 0, staging: 0, restricted: 0 };
  let memberKey = '';

  it('signs up, shows the key once and opens the Production environment', async () => {
    await page.goto(`${system.baseUrl}/`);
    await page.getByLabel('Email').fill(`owner-${process.pid}@example.com`);
    await page.getByLabel('First name').fill('Olivia');
    await page.getByLabel('Organization name').fill('Acme');
    await page.getByLabel('First project name').fill('Website');
    await shot('sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    expect(await page.getByTestId('secret').textContent()).toMatch(/^phx_/);
    await page.getByRole('button', { name: 'Continue to the console' }).click();
    await page.waitForURL(/\/environments\/\d+\/dashboards$/);
    await expectText(page.getByTestId('switcher'), 'Production');
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['strata.personalApiKey']);
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual([]);
  });

  it('creates a project and a staging environment, saying that data never crosses environments', async () => {
    let panel = await openSwitcher();
    await panel.getByRole('button', { name: '+ New project' }).click();
    await dialog().getByLabel('Project name').fill('Checkout');
    await dialog().getByRole('button', { name: 'Create project' }).click();
    await expectText(page.getByTestId('switcher'), 'Checkout');
    ids.production = environmentIdOf(page.url());

    panel = await openSwitcher();
    await panel.getByRole('button', { name: '+ New environment in Checkout' }).click();
    expect(await dialog().getByTestId('isolation-notice').textContent()).toContain('Data never crosses environments');
    await dialog().getByLabel('Environment name').fill('Staging');
    await shot('new-environment');
    await dialog().getByRole('button', { name: 'Create environment' }).click();
    await expectText(page.getByTestId('switcher'), 'Staging');
    ids.staging = environmentIdOf(page.url());

    expect(ids.staging).not.toBe(ids.production);
    panel = await openSwitcher();
    const checkout = panel.getByRole('region', { name: 'Project Checkout' });
    expect(await checkout.getByRole('button').allTextContents()).toEqual(['Production', 'Staging', '+ New environment in Checkout']);
    await shot('switcher');
    await page.keyboard.press('Escape');
  });

  it('drafts a dashboard with an insight, a cohort and an action in staging, promotes it, and production sees it all', async () => {
    await createEntity('Actions', 'action', async (form) => {
      await form.getByLabel('Name', { exact: true }).fill('Signed up');
      await form.getByLabel('Event').fill('signup');
    });
    await createEntity('Cohorts', 'cohort', async (form) => {
      await form.getByLabel('Name', { exact: true }).fill('Pro users');
      const plan = form.getByRole('group', { name: 'Condition 1 of group 1', exact: true });
      await plan.getByLabel('Property').fill('plan');
      await plan.getByLabel('Value').fill('pro');
      await form.getByRole('button', { name: 'Add a condition to group 1' }).click();
      const performed = form.getByRole('group', { name: 'Condition 2 of group 1', exact: true });
      await performed.getByLabel('Operator').selectOption({ label: 'performed the action' });
      await performed.getByLabel('Value').selectOption({ label: 'Signed up' });
    });
    await createEntity('Insights', 'insight', async (form) => {
      await form.getByLabel('Name', { exact: true }).fill('Signups');
      await form.getByRole('group', { name: 'Actions' }).getByLabel('Signed up').check();
      await form.getByRole('group', { name: 'Cohorts' }).getByLabel('Pro users').check();
    });
    const dashboardId = await createEntity('Dashboards', 'dashboard', async (form) => {
      await form.getByLabel('Name', { exact: true }).fill('Growth');
      await form.getByRole('group', { name: 'Insights on the dashboard' }).getByLabel('Signups').check();
    });
    await expectText(page.locator('h1'), 'this environment');

    await page.getByRole('button', { name: 'Make project-wide' }).click();
    const plan = dialog().getByTestId('promotion-plan');
    await expectText(plan, 'Signed up');
    expect(await plan.locator('li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Growth'), expect.stringContaining('Signups'), expect.stringContaining('Pro users'), expect.stringContaining('Signed up')]),
    );
    expect(await plan.locator('li').count()).toBe(4);
    await shot('promote-confirmation');
    await dialog().getByRole('button', { name: 'Make 4 project-wide' }).click();
    await expectText(page.getByRole('status'), 'Now project-wide: 4 entities');
    await expectText(page.locator('h1'), 'project-wide');

    // Switching environment keeps the page: the same dashboard, now seen from production.
    await switchTo('Checkout', 'Production');
    await page.waitForURL(`${system.baseUrl}/environments/${ids.production}/dashboards/${dashboardId}`);
    await expectText(page.locator('h1'), 'Growth');
    await expectText(page.locator('h1'), 'project-wide');
    await expectText(page.locator('ul.refs'), 'Signups');
    await shot('dashboard-in-production');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Cohorts', exact: true }).click();
    const cohorts = page.getByRole('table', { name: 'Cohorts' });
    await expectText(cohorts, 'Pro users');
    expect(await cohorts.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('project-wide')]);
    await page.getByLabel('Scope').selectOption('environment');
    await expectText(page.locator('.empty'), 'No cohorts match');
  });

  it('shows the refusal to make the insight environment-specific, with the dashboard that depends on it', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Insights', exact: true }).click();
    await page.getByRole('link', { name: 'Signups' }).click();
    await page.getByRole('button', { name: 'Make environment-specific' }).click();

    const blocked = page.getByTestId('blocked');
    await expectText(blocked, 'Cannot make it environment-specific');
    expect(await blocked.locator('li').allTextContents()).toEqual([expect.stringContaining('Growth')]);
    await expectText(page.locator('h1'), 'project-wide');
    await shot('demotion-refused');
  });

  it('toggles a flag in staging while production stays off, as the flag evaluation API answers', async () => {
    await switchTo('Checkout', 'Staging');
    await createEntity('Feature flags', 'feature flag', async (form) => {
      await form.getByLabel('Key', { exact: true }).fill('new-checkout');
      await form.getByLabel('Description').fill('The one-page checkout');
    });
    await page.getByRole('button', { name: 'Make project-wide' }).click();
    await dialog().getByRole('button', { name: 'Make 1 project-wide' }).click();
    await expectText(page.locator('h1'), 'project-wide');

    const staging = page.getByRole('switch', { name: 'Enabled in Staging' });
    const production = page.getByRole('switch', { name: 'Enabled in Production' });
    expect(await staging.getAttribute('aria-checked')).toBe('false');
    await staging.click();
    await page.locator('[aria-label="Enabled in Staging"][aria-checked="true"]').waitFor();
    expect(await production.getAttribute('aria-checked')).toBe('false');

    // The evaluation model follows changes within a second: ask again until it has.
    expect(await evaluateAs('Staging', 'true')).toEqual({ value: 'true', reason: expect.any(String) });
    expect(await evaluateAs('Production', 'false')).toEqual({ value: 'false', reason: expect.any(String) });

    const stagingState = page.getByRole('article', { name: 'State in Staging' });
    await stagingState.getByText('Add a rollout group').click();
    await stagingState.getByLabel('Cohort').selectOption({ label: 'Pro users (project-wide)' });
    await stagingState.getByRole('button', { name: 'Add rollout group' }).click();
    await expectText(stagingState.locator('ul.overrides li'), 'Staging only');
    const productionState = page.getByRole('article', { name: 'State in Production' });
    expect(await productionState.locator('ul.overrides li').count()).toBe(0);

    // One identity of production gets it before everyone: an identity override wins over the environment's state.
    await productionState.getByText('Add an identity override').click();
    await productionState.getByLabel('Identifier in Production').fill('vip-1');
    await productionState.getByRole('button', { name: 'Add identity override' }).click();
    await expectText(productionState.locator('ul.overrides li'), 'vip-1');
    expect(await evaluateAs('Production', 'true', 'vip-1')).toEqual({ value: 'true', reason: expect.any(String) });
    expect(await evaluateAs('Production', 'false')).toEqual({ value: 'false', reason: expect.any(String) });
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('flag-side-by-side', true);
  }, 120_000);

  async function evaluateAs(environment: string, expected: string, identifier = 'user-1'): Promise<{ value: string; reason: string }> {
    const form = page.getByRole('form', { name: 'Evaluate as' });
    await form.getByLabel('Environment').selectOption({ label: environment });
    await form.getByLabel('Identifier').fill(identifier);
    // The evaluation model follows changes asynchronously (a busy machine takes seconds): ask until it answers as expected.
    // Until it has the flag, the API answers 404 (an error, with no value).
    let value = '';
    await eventually(async () => {
      await form.getByRole('button', { name: 'Evaluate' }).click();
      await form.locator('[data-testid="evaluation-value"], .form-error').first().waitFor();
      value = (await form.getByTestId('evaluation-value').count()) > 0 ? ((await form.getByTestId('evaluation-value').textContent()) ?? '') : '';
      expect(value).toBe(expected);
    }, 20_000).catch(() => undefined);
    if (value !== expected) return { value, reason: '' };
    return { value, reason: (await form.getByTestId('evaluation-reason').textContent()) ?? '' };
  }

  it('lists every problem of a broken import file with its JSON path, then previews and applies a good one', async () => {
    const file = await exportFile();
    expect(file.features.map((feature) => feature.name)).toEqual(['new-checkout']);
    // The page's command line runs as shown, with the console's own key, and writes the same setup.
    const [, url, args] = /^STRATA_URL=(\S+) strata (export --project \d+) > project-\d+\.json$/.exec((await page.getByTestId('cli-export').textContent()) ?? '') ?? [];
    const key = (await page.evaluate<string | null>('sessionStorage.getItem("strata.personalApiKey")')) ?? '';
    const run = await strata(args.split(' '), { STRATA_URL: url, STRATA_API_KEY: key });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ExportFile).features.map((feature) => feature.name)).toEqual(['new-checkout']);

    const broken = structuredClone(file);
    const staging = broken.environments.findIndex((environment) => environment.feature_states.length > 0);
    broken.environments[staging].feature_states[0].feature = 'missing';
    broken.segments[0].rules[0].conditions[0].operator = 'ROUGHLY';
    await upload('broken.json', broken);
    const problems = page.getByTestId('import-problems');
    await expectText(problems, 'cannot be imported');
    const paths = await problems.locator('tbody td:first-child').allTextContents();
    expect(paths).toEqual(expect.arrayContaining([`environments.${staging}.feature_states.0.feature`, expect.stringMatching(/^segments\.0\.rules\.0\.conditions\.0\.operator/)]));
    await shot('import-problems');

    // The same setup under another flag key: files refer to features by name.
    const good = JSON.parse(JSON.stringify(file).replaceAll('"new-checkout"', '"imported-checkout"')) as ExportFile;
    await upload('good.json', good);
    const plan = page.getByTestId('import-plan');
    await expectText(plan, 'imported-checkout');
    expect(await plan.locator('tr', { hasText: 'imported-checkout' }).first().textContent()).toContain('create');
    await shot('import-plan');
    await page.getByRole('button', { name: 'Apply the import' }).click();
    await expectText(page.getByTestId('import-status'), 'finished');
    const summary = page.getByTestId('import-summary');
    expect(await summary.locator('tr', { hasText: /^features/ }).locator('td').allTextContents()).toEqual(['features', '1', '0', '0', '0']);
    await shot('import-applied');
    // The past jobs: the export above and this import (its counts), the dry runs before it among them.
    const past = page.getByRole('region', { name: 'Past jobs' });
    await past.getByRole('button', { name: 'Refresh' }).click();
    await expectText(past.getByRole('table', { name: 'Past imports' }).locator('tbody tr').first(), /what exists\s*\d+ created/);
    await expectText(past.getByRole('table', { name: 'Past exports' }).locator('tbody tr').first(), 'success');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Feature flags', exact: true }).click();
    await expectText(page.getByRole('table', { name: 'Feature flags' }), 'imported-checkout');
  });

  it('shows an API error beside the field it names, then saves the environment settings', async () => {
    await go('Settings');
    const settings = page.getByRole('form', { name: 'Environment settings' });
    await settings.getByLabel('Timezone').fill('Mars/Olympus');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    const timezone = settings.locator('.field', { has: page.getByLabel('Timezone') });
    await expectText(timezone.locator('.field-error'), 'time zone');
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('settings-error');
    await settings.getByLabel('Timezone').fill('Europe/Paris');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expectText(settings.getByRole('status'), 'Saved');
    expect(await timezone.locator('.field-error').count()).toBe(0);
  });

  it('shows the taxonomy that events build, resets the SDK key after confirming, and makes server and personal keys', async () => {
    await go('SDK keys');
    const sdkKey = (await page.getByTestId('sdk-key').textContent()) ?? '';
    const event = { token: sdkKey, event: 'purchase', distinct_id: 'u1', properties: { amount: 12.5 }, groups: { company: 'acme' } };
    const sent = await fetch(`${system.baseUrl}/i/v0/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
    expect(((await sent.json()) as { results: unknown[] }).results[0]).toMatchObject({ ok: true, team_id: ids.staging });

    await page.getByRole('button', { name: 'Reset SDK key' }).click();
    await dialog().getByRole('button', { name: 'Reset the key' }).click();
    await page.locator('[data-testid="sdk-key"]', { hasNotText: sdkKey }).waitFor();
    await page.getByLabel('New server key name').fill('backend');
    await page.getByRole('button', { name: 'Create server key' }).click();
    expect(await page.getByTestId('secret').textContent()).toMatch(/^ser\./);
    await shot('sdk-keys');

    // Definitions reach taxonomy asynchronously, batched: look again until they are there.
    await go('Taxonomy');
    for (let attempt = 0; attempt < 60 && !(await page.getByRole('cell', { name: 'purchase', exact: true }).isVisible()); attempt++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await page.getByLabel('Description of purchase').fill('A completed order');
    await page.getByLabel('purchase verified').check();
    await page.getByRole('row', { name: /purchase/ }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('tab', { name: 'Properties' }).click();
    expect(await page.getByLabel('Type of amount').inputValue()).toBe('Numeric');
    await page.getByRole('tab', { name: 'Group types' }).click();
    await page.getByLabel('Singular label of company').fill('Company');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('tab', { name: 'Events' }).click();
    expect(await page.getByLabel('Description of purchase').inputValue()).toBe('A completed order');
    expect(await page.getByLabel('purchase verified').isChecked()).toBe(true);
    await shot('taxonomy');

    await go('Personal API keys');
    await page.getByLabel('Label').fill('CI');
    await page.getByRole('button', { name: 'Create key' }).click();
    const personalKey = (await page.getByTestId('secret').textContent()) ?? '';
    expect(personalKey).toMatch(/^phx_/);
    expect((await fetch(`${system.baseUrl}/api/users/@me`, { headers: { authorization: `Bearer ${personalKey}` } })).status).toBe(200);
    await go('Members');
    await go('Personal API keys');
    // Listed by the API: the key made at sign-up too, which this console signed in with.
    await page.locator('.card', { hasText: 'Key “Personal API key”' }).getByText('this console signed in with it').waitFor();
    const made = page.locator('.card', { hasText: 'Key “CI”' });
    await made.getByRole('button', { name: 'Revoke' }).click();
    await dialog().getByRole('button', { name: 'Revoke the key' }).click();
    await expectText(page.getByRole('status'), 'revoked');
    // The list is read again after the revocation: wait for the key to leave it, however long that read takes.
    await page.locator('.card', { hasText: 'Key “CI”' }).waitFor({ state: 'detached' });
    expect((await fetch(`${system.baseUrl}/api/users/@me`, { headers: { authorization: `Bearer ${personalKey}` } })).status).toBe(401);
  }, 90_000);

  it('merges another project’s environment into the first project: the preview, then the merge, then the switcher', async () => {
    // A second project, made through the API: its default environment holds a project-wide cohort.
    const key = (await page.evaluate<string | null>('sessionStorage.getItem("strata.personalApiKey")')) ?? '';
    const post = async <T>(url: string, body: unknown): Promise<T> => {
      const answer = await fetch(`${system.baseUrl}${url}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(answer.status).toBe(201);
      return (await answer.json()) as T;
    };
    const mobile = await post<{ id: number; environments: { id: number }[] }>('/api/v2/projects/', { name: 'Mobile' });
    await post(`/api/v2/environments/${mobile.environments[0].id}/cohorts/`, {
      name: 'Beta testers',
      is_project_wide: true,
      rules: [{ type: 'ALL', conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'beta' }] }],
    });

    await switchTo('Website', 'Production');
    await go('Merge an environment');
    const form = page.getByRole('form', { name: 'Merge an environment' });
    await form.getByLabel('Environment to merge').selectOption({ label: 'Mobile / Production' });
    expect(await form.getByRole('button', { name: 'Merge', exact: true }).isDisabled()).toBe(true);
    await form.getByRole('button', { name: 'Preview', exact: true }).press('Enter');
    const report = page.getByTestId('adoption-report');
    await expectText(report.getByTestId('adoption-status'), 'Preview');
    expect(await report.getByTestId('name-in-target').textContent()).toBe('Production (Mobile)');
    expect(await report.getByTestId('source-deleted').textContent()).toContain('will be deleted');
    expect(await report.getByTestId('scope-changes').locator('tbody tr').allTextContents()).toEqual([expect.stringMatching(/^Cohort\s*Beta testers/)]);
    await shot('merge-environment');

    // The merge empties Mobile, which is deleted with it: asked first, in the page, naming the project.
    await form.getByRole('button', { name: 'Merge', exact: true }).click();
    await expectText(dialog(), 'is the last environment of Mobile');
    await dialog().getByRole('button', { name: 'Merge and delete Mobile' }).click();
    await expectText(report.getByTestId('adoption-status'), 'Merged');
    const panel = await openSwitcher();
    const website = panel.getByRole('region', { name: 'Project Website' });
    await expectText(website, 'Production (Mobile)');
    expect(await website.getByRole('button').allTextContents()).toEqual(['Production', 'Production (Mobile)', '+ New environment in Website']);
    expect(await panel.getByRole('region', { name: 'Project Mobile' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('keeps a restricted environment out of a member’s switcher', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Members', exact: true }).click();
    const adding = page.getByRole('form', { name: 'Add a member' });
    await adding.getByLabel('Email').fill(`member-${process.pid}@example.com`);
    await adding.getByRole('button', { name: 'Add member' }).click();
    memberKey = (await adding.getByTestId('secret').textContent()) ?? '';
    expect(memberKey).toMatch(/^phx_/);

    const panel = await openSwitcher();
    await panel.getByRole('button', { name: '+ New environment in Checkout' }).click();
    await dialog().getByLabel('Environment name').fill('Vault');
    await dialog().getByLabel(/Restricted/).check();
    await dialog().getByRole('button', { name: 'Create environment' }).click();
    await expectText(page.getByTestId('switcher'), 'Vault');
    ids.restricted = environmentIdOf(page.url());
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Access', exact: true }).click();
    await expectText(page.locator('h2'), 'Restricted');
    await shot('access');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Personal API key', { exact: true }).fill(memberKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/environments\/\d+\/dashboards$/);
    const memberPanel = await openSwitcher();
    const checkout = memberPanel.getByRole('region', { name: 'Project Checkout' });
    expect(await checkout.getByRole('button').allTextContents()).toEqual(['Production', 'Staging']);
    await page.keyboard.press('Escape');

    await page.goto(`${system.baseUrl}/environments/${ids.restricted}/dashboards`);
    await expectText(page.locator('h1'), 'Environment not found');
    await page.goto(`${system.baseUrl}/environments/${ids.staging}/dashboards`);
    await expectText(page.getByRole('table', { name: 'Dashboards' }), 'Growth');
  });

  it('works in a narrow window, asked no other host for anything and threw nothing', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Feature flags', exact: true }).click();
    await expectText(page.getByRole('table', { name: 'Feature flags' }), 'new-checkout');
    await shot('narrow');
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the API’s unknown paths JSON 404s while any other path opens the console', async () => {
    const api = await fetch(`${system.baseUrl}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
    const view = await fetch(`${system.baseUrl}/environments/${ids.staging}/feature_flags`);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await view.text()).toContain('<div id="root">');
    expect((await fetch(`${system.baseUrl}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});
