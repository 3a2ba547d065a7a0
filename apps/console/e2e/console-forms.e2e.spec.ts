import type { Locator, Page, Request } from 'playwright-core';
import { ConsoleSession, expectText } from './console-session';

type Rules = { type: string; conditions: { property_: string; operator: string; value: string }[]; rules: Rules }[];

/**
 * Forms, not JSON (issue 22): an entity is edited with the form that creates it, references picked by name and the edit
 * sent with `If-Match`; a cohort is built with nested ALL/ANY/NONE groups and operators in words; a value the API would
 * refuse is refused at its field before any request, and what only the API can refuse comes back at its field too.
 */
describe('the web console, forms not JSON', () => {
  const session = ConsoleSession.forSpecs('forms');
  const { system, shot, dialog, go, foreign, pageErrors, failed } = session;
  let page: Page;
  let key = '';
  const ids = { environment: 0, signups: '', revenue: '', growth: '', pro: '', power: '' };
  const sent: Request[] = [];
  const writes = () => sent.filter((request) => request.method() !== 'GET');

  const call = <T>(method: string, url: string, body?: unknown) => session.call<T>(key, method, url, body);
  const collection = (kind: string) => `/api/v2/environments/${ids.environment}/${kind}/`;
  const create = async (kind: string, body: unknown) => (await call<{ id: string }>('POST', collection(kind), body)).id;
  const condition = (within: Locator, name: string) => within.getByRole('group', { name, exact: true });

  beforeAll(async () => {
    page = session.page;
    const signup = await fetch(`${system.baseUrl}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `forms-${process.pid}@example.com`, organization_name: 'Forms', project_name: 'Shop' }),
    });
    const made = (await signup.json()) as { personal_api_key: string; environment: { id: number } };
    key = made.personal_api_key;
    ids.environment = made.environment.id;
    ids.signups = await create('insights', { name: 'Signups' });
    ids.revenue = await create('insights', { name: 'Revenue' });
    ids.growth = await create('dashboards', { name: 'Growth', tiles: [{ insight_id: ids.signups, layout: { w: 6 } }] });
    ids.pro = await create('cohorts', { name: 'Pro users', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }] });
    page.on('request', (request) => request.url().includes('/api/v2/') && sent.push(request));

    await session.signIn(key);
  });

  afterAll(() => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("edits a dashboard's insights by name in the form that creates it, sends only that with If-Match, and says Saved", async () => {
    await page.getByRole('link', { name: 'Growth' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = dialog();
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Growth');
    expect(await form.locator('textarea').count()).toBe(0);
    const insights = form.getByRole('group', { name: 'Insights on the dashboard' });
    expect(await insights.getByLabel('Signups').isChecked()).toBe(true);
    await insights.getByLabel('Revenue').check();
    await insights.getByLabel('Signups').uncheck();
    await shot('edit-form');
    sent.length = 0;
    await form.getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('status'), 'Saved.');
    await expectText(page.locator('ul.refs'), 'Revenue');

    const [patch] = writes();
    expect(patch.method()).toBe('PATCH');
    expect(patch.headers()['if-match']).toBe('W/"1"');
    expect(patch.postDataJSON()).toEqual({ tiles: [{ insight_id: ids.revenue }] });
    const dashboard = await call<{ version: number; tiles: unknown[] }>('GET', `${collection('dashboards')}${ids.growth}`);
    expect(dashboard).toMatchObject({ version: 2, tiles: [{ insight_id: ids.revenue }] });
    expect(failed).toEqual([]);
  });

  it("edits a flag's name and default in its create form, and its variants on its page, each sending only what changed", async () => {
    const flag = await create('feature_flags', { key: 'checkout' });
    await page.goto(`${system.baseUrl}/environments/${ids.environment}/feature_flags/${flag}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await dialog().getByLabel('Key', { exact: true }).inputValue()).toBe('checkout');
    await dialog().getByLabel('Name (optional)').fill('One-page checkout');
    await dialog().getByLabel('Enabled by default').check();
    sent.length = 0;
    await dialog().getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('status'), 'Saved.');
    expect(writes().map((request) => request.postDataJSON())).toEqual([{ name: 'One-page checkout', default_enabled: true }]);

    const variants = page.getByRole('form', { name: 'Flag variants' });
    await variants.getByRole('button', { name: 'Add variant' }).click();
    await variants.getByLabel('Variant 1 value').fill('blue');
    await variants.getByLabel('Variant 1 default %').fill('50');
    await variants.getByRole('button', { name: 'Save variants' }).click();
    await expectText(page.locator('.muted'), 'Version 3');
    expect(writes()[1].headers()['if-match']).toBe('W/"2"');
    expect(await call<Record<string, unknown>>('GET', `${collection('feature_flags')}${flag}`)).toMatchObject({
      name: 'One-page checkout',
      default_enabled: true,
      multivariate_options: [{ type: 'unicode', string_value: 'blue', default_percentage_allocation: 50 }],
    });
    expect(failed).toEqual([]);
  });

  it('builds a cohort with a nested group of two conditions, refusing a value at its field before any request', async () => {
    await go('Cohorts');
    await page.getByRole('button', { name: 'New cohort' }).click();
    const form = dialog();
    await form.getByLabel('Name', { exact: true }).fill('Power users');
    const top = condition(form, 'Condition 1 of group 1');
    await top.getByLabel('Property').fill('plan');
    await top.getByLabel('Value').fill('pro');
    await form.getByRole('button', { name: 'Add a group inside group 1' }).click();
    const nested = form.getByRole('group', { name: 'Group 1.1', exact: true });
    await nested.getByLabel('Requires').selectOption({ label: 'any of these' });
    const inCohort = condition(nested, 'Condition 1 of group 1.1');
    await inCohort.getByLabel('Operator').selectOption({ label: 'is in the cohort' });
    await inCohort.getByLabel('Value').selectOption({ label: 'Pro users' });
    await nested.getByRole('button', { name: 'Add a condition to group 1.1' }).click();
    const split = condition(nested, 'Condition 2 of group 1.1');
    await split.getByLabel('Operator').selectOption({ label: 'is in a percentage split (0–100)' });
    expect(await split.getByLabel('Property (optional)').count()).toBe(1);
    await split.getByLabel('Value').fill('150');

    sent.length = 0;
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await expectText(split.locator('.field-error'), 'PERCENTAGE_SPLIT takes a number from 0 to 100.');
    expect(await split.getByLabel('Value').evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(writes()).toEqual([]);

    await split.getByLabel('Value').fill('25');
    await split.locator('.field-error').waitFor({ state: 'detached' });
    await shot('rule-builder');
    await form.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(/\/cohorts\/[0-9a-f-]{36}$/);
    ids.power = page.url().split('/').pop() ?? '';
    await expectText(page.locator('ul.refs'), 'Pro users');
    const cohort = await call<{ rules: Rules }>('GET', `${collection('cohorts')}${ids.power}`);
    expect(cohort.rules).toEqual([
      {
        type: 'ALL',
        conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }],
        rules: [
          {
            type: 'ANY',
            conditions: [
              { property_: '', operator: 'IN_COHORT', value: ids.pro },
              { property_: '', operator: 'PERCENTAGE_SPLIT', value: '25' },
            ],
            rules: [],
          },
        ],
      },
    ]);
    expect(failed).toEqual([]);
  });

  it("shows the API's refusal of an edit (a cohort reaching itself) in the rule builder, then saves the fixed one", async () => {
    await go('Cohorts');
    await page.getByRole('link', { name: 'Pro users' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = dialog();
    expect(await condition(form, 'Condition 1 of group 1').getByLabel('Value').inputValue()).toBe('pro');
    await form.getByRole('button', { name: 'Add a condition to group 1' }).click();
    const loop = condition(form, 'Condition 2 of group 1');
    await loop.getByLabel('Operator').selectOption({ label: 'is in the cohort' });
    // The form offers what the environment sees, by name, but never the cohort itself.
    await loop.locator('option', { hasText: 'Power users' }).waitFor({ state: 'attached' });
    expect(await loop.getByLabel('Value').locator('option').allTextContents()).toEqual(['Choose a cohort', 'Power users']);
    await loop.getByLabel('Value').selectOption({ label: 'Power users' });

    sent.length = 0;
    await form.getByRole('button', { name: 'Save' }).click();
    await expectText(form.getByTestId('rule-builder').locator('.field-error'), 'would reach itself');
    expect(failed).toEqual([expect.stringMatching(new RegExp(`^400 PATCH .*/cohorts/${ids.pro}$`))]);
    failed.length = 0;

    await loop.getByRole('button', { name: 'Remove condition 2 of group 1' }).click();
    await condition(form, 'Condition 1 of group 1').getByLabel('Value').fill('enterprise');
    await form.getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('status'), 'Saved.');
    const patches = writes();
    expect(patches.map((request) => request.headers()['if-match'])).toEqual(['W/"1"', 'W/"1"']);
    expect(patches[1].postDataJSON()).toEqual({ rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'enterprise' }] }] });
    expect(await call<{ version: number }>('GET', `${collection('cohorts')}${ids.pro}`)).toMatchObject({ version: 2 });
    expect(failed).toEqual([]);
  });
});
