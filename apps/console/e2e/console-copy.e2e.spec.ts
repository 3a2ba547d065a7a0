import type { Page, Request } from 'playwright-core';
import { ConsoleSession, expectText } from './console-session';

type Entity = { id: string; name?: string; tiles?: { insight_id: string }[]; filters?: { cohort_ids?: string[]; action_ids?: string[] }; rules?: { conditions: { value: string }[] }[] };

/**
 * "Copy to…" on any entity, an entity's dependents from the API, and what each compared environment has of its own
 * (issue 22): a dashboard copied with its insight, cohort and action into another project, one copied linking the
 * target's cohort of the same name, a colliding flag refused in the dialog.
 */
describe('the web console, copying entities', () => {
  const session = ConsoleSession.forSpecs('copy');
  const { system, shot, dialog, switchTo, go, foreign, pageErrors, failed } = session;
  let page: Page;
  let key = '';
  const ids = { web: 0, production: 0, staging: 0, mobile: 0, mobileProduction: 0, growth: '', revenue: '', payers: '', paid: '', retention: '', loyal: '', mobileLoyal: '', checkout: '', notes: '' };

  const call = <T>(method: string, url: string, body?: unknown) => session.call<T>(key, method, url, body);
  const create = async (environmentId: number, collection: string, body: Record<string, unknown>) => (await call<Entity>('POST', `/api/v2/environments/${environmentId}/${collection}/`, body)).id;
  const own = async (environmentId: number, collection: string) => (await call<{ results: Entity[] }>('GET', `/api/v2/environments/${environmentId}/${collection}/?scope=environment`)).results;
  const rules = (operator: string, value: string) => [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator, value }] }];

  beforeAll(async () => {
    page = session.page;
    const signup = await fetch(`${system.baseUrl}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `copy-${process.pid}@example.com`, organization_name: 'Copies', project_name: 'Web' }),
    });
    const made = (await signup.json()) as { personal_api_key: string; project: { id: number }; environment: { id: number } };
    key = made.personal_api_key;
    ids.web = made.project.id;
    ids.production = made.environment.id;
    ids.staging = (await call<{ id: number }>('POST', `/api/v2/projects/${ids.web}/environments/`, { name: 'Staging' })).id;
    const mobile = await call<{ id: number; environments: { id: number }[] }>('POST', '/api/v2/projects/', { name: 'Mobile' });
    ids.mobile = mobile.id;
    ids.mobileProduction = mobile.environments[0].id;

    // Staging's own chains: Growth → Revenue → Payers → Paid, and Retention → Retained → Loyal (Mobile has a Loyal too).
    ids.paid = await create(ids.staging, 'actions', { name: 'Paid' });
    ids.payers = await create(ids.staging, 'cohorts', { name: 'Payers', rules: rules('PERFORMED_ACTION', ids.paid) });
    ids.revenue = await create(ids.staging, 'insights', { name: 'Revenue', filters: { cohort_ids: [ids.payers] } });
    ids.growth = await create(ids.staging, 'dashboards', { name: 'Growth', tiles: [{ insight_id: ids.revenue }] });
    ids.loyal = await create(ids.staging, 'cohorts', { name: 'Loyal', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'orders', operator: 'GREATER_THAN', value: '3' }] }] });
    const retained = await create(ids.staging, 'insights', { name: 'Retained', filters: { cohort_ids: [ids.loyal] } });
    ids.retention = await create(ids.staging, 'dashboards', { name: 'Retention', tiles: [{ insight_id: retained }] });
    ids.mobileLoyal = await create(ids.mobileProduction, 'cohorts', { name: 'Loyal', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'orders', operator: 'GREATER_THAN', value: '5' }] }] });
    // A flag whose Staging rollout group uses Payers, and whose key Mobile has already.
    ids.checkout = await create(ids.staging, 'feature_flags', { key: 'checkout', is_project_wide: true });
    await call('PATCH', `/api/v2/environments/${ids.staging}/feature_flags/${ids.checkout}/state`, { segment_overrides: [{ segment_id: ids.payers, priority: 0, scope: 'environment', enabled: true }] });
    await create(ids.mobileProduction, 'feature_flags', { key: 'checkout' });
    ids.notes = await create(ids.production, 'actions', { name: 'Production notes' });

    await session.signIn(key);
    await switchTo('Web', 'Staging');
  });

  afterAll(() => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("shows what uses an entity from the API's dependents route: the insight of its body, the flag of its rollout group", async () => {
    await go('Cohorts');
    const asked = page.waitForResponse((response) => response.url().includes(`/cohorts/${ids.payers}/dependents/`));
    await page.getByRole('link', { name: 'Payers', exact: true }).click();
    expect((await asked).status()).toBe(200);
    const dependents = page.getByTestId('dependents');
    await expectText(dependents, 'checkout');
    expect(await dependents.locator('li').allTextContents()).toEqual(['Feature flag checkout project-wide', 'Insight Revenue this environment']);
    await dependents.getByRole('link', { name: 'Revenue' }).click();
    await page.waitForURL(new RegExp(`/insights/${ids.revenue}$`));
    await expectText(page.getByTestId('dependents'), 'Growth');
    expect(failed).toEqual([]);
  });

  it('copies a dashboard with its insight, cohort and action into another project after a preview, which a change of choice clears', async () => {
    const sent: { to_environment_id: number; dependencies: string; dry_run: boolean }[] = [];
    const record = (request: Request) => request.method() === 'POST' && request.url().endsWith(`/dashboards/${ids.growth}/copy`) && sent.push(request.postDataJSON() as (typeof sent)[number]);
    page.on('request', record);
    try {
      await go('Dashboards');
      await page.getByRole('link', { name: 'Growth', exact: true }).click();
      await page.getByRole('button', { name: 'Copy to…' }).click();
      expect(await dialog().getByRole('button', { name: 'Preview the copy' }).isDisabled()).toBe(true);
      const targets = await dialog().getByLabel('Target environment').locator('option').allTextContents();
      expect(targets).toEqual(['Choose an environment', 'Web · Production', 'Mobile · Production']);
      await dialog().getByLabel('Target environment').selectOption({ label: 'Mobile · Production' });
      expect(await dialog().getByRole('radio', { name: /^Copy it along/ }).isChecked()).toBe(true);
      await dialog().getByRole('button', { name: 'Preview the copy' }).click();

      const preview = dialog().getByTestId('copy-preview');
      await expectText(preview, 'Growth');
      expect(await preview.locator('tbody tr').allTextContents()).toEqual([
        'DashboardGrowthwill be created',
        'InsightRevenuewill be created',
        'CohortPayerswill be created',
        'ActionPaidwill be created',
      ]);
      await expectText(dialog(), '4 to create');
      expect(await own(ids.mobileProduction, 'dashboards')).toEqual([]);
      await shot('copy-entity-preview');

      // Another choice is another copy: its preview goes, and nothing can be copied until it is previewed again.
      await dialog().getByRole('radio', { name: /^Link/ }).check();
      await preview.waitFor({ state: 'detached' });
      expect(await dialog().getByRole('button', { name: 'Copy to Mobile · Production' }).count()).toBe(0);
      await dialog().getByRole('radio', { name: /^Copy it along/ }).check();
      await dialog().getByRole('button', { name: 'Preview the copy' }).click();
      await expectText(preview, 'Paid');
      await dialog().getByRole('button', { name: 'Copy to Mobile · Production' }).click();

      const report = dialog().getByTestId('copy-report');
      await expectText(report, 'created (a new copy)');
      await expectText(dialog(), 'Copied to Mobile · Production: 4 created');
      expect(await report.locator('tbody tr').count()).toBe(4);
      await shot('copy-entity-report');
    } finally {
      page.off('request', record);
    }
    expect(sent).toEqual([
      { to_environment_id: ids.mobileProduction, dependencies: 'copy', dry_run: true },
      { to_environment_id: ids.mobileProduction, dependencies: 'copy', dry_run: true },
      { to_environment_id: ids.mobileProduction, dependencies: 'copy', dry_run: false },
    ]);

    // The chain stands in Mobile with new ids, every link to the copy of what it linked to.
    const [dashboard] = await own(ids.mobileProduction, 'dashboards');
    const [insight] = await own(ids.mobileProduction, 'insights');
    const payers = (await own(ids.mobileProduction, 'cohorts')).find((cohort) => cohort.name === 'Payers')!;
    const [action] = await own(ids.mobileProduction, 'actions');
    expect(dashboard.name).toBe('Growth');
    expect(dashboard.id).not.toBe(ids.growth);
    expect(dashboard.tiles).toEqual([{ insight_id: insight.id }]);
    expect(insight.filters?.cohort_ids).toEqual([payers.id]);
    expect(payers.rules?.[0].conditions[0].value).toBe(action.id);
    expect(action.name).toBe('Paid');

    await dialog().getByTestId('copy-report').getByRole('link', { name: 'Growth' }).click();
    await page.waitForURL(new RegExp(`/environments/${ids.mobileProduction}/dashboards/${dashboard.id}$`));
    await expectText(page.getByTestId('switcher'), 'Production');
    await expectText(page.locator('h1'), 'Growth');
    expect(failed).toEqual([]);
  });

  it("copies a dashboard linking the target's cohort of the same name, and shows a colliding flag's refusal and a vanished entity's 404 in the dialog", async () => {
    // From a list, not from the copy's page: the switcher would ask Staging for Mobile's dashboard (a 404) to stay on it.
    await go('Dashboards');
    await switchTo('Web', 'Staging');
    await page.getByRole('link', { name: 'Retention', exact: true }).click();
    await page.getByRole('button', { name: 'Copy to…' }).click();
    await dialog().getByLabel('Target environment').selectOption({ label: 'Mobile · Production' });
    await dialog().getByRole('radio', { name: /^Link/ }).check();
    await dialog().getByRole('button', { name: 'Preview the copy' }).click();
    const preview = dialog().getByTestId('copy-preview');
    await expectText(preview, 'Loyal');
    expect(await preview.locator('tbody tr').allTextContents()).toEqual(['DashboardRetentionwill be created', 'InsightRetainedwill be created', 'CohortLoyalwill use its own of that name']);
    await expectText(dialog(), '2 to create, 1 to link');
    await dialog().getByRole('button', { name: 'Copy to Mobile · Production' }).click();
    await expectText(dialog().getByTestId('copy-report'), 'linked (its own of that name)');
    const retained = (await own(ids.mobileProduction, 'insights')).find((insight) => insight.name === 'Retained')!;
    expect(retained.filters?.cohort_ids).toEqual([ids.mobileLoyal]);
    expect((await own(ids.mobileProduction, 'cohorts')).filter((cohort) => cohort.name === 'Loyal')).toHaveLength(1);
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(failed).toEqual([]);

    await go('Feature flags');
    await page.getByRole('link', { name: 'checkout', exact: true }).click();
    await page.getByRole('button', { name: 'Copy to…' }).click();
    await dialog().getByLabel('Target environment').selectOption({ label: 'Mobile · Production' });
    await dialog().getByRole('button', { name: 'Preview the copy' }).click();
    await expectText(dialog().getByRole('alert'), 'checkout');
    expect(await dialog().getByTestId('copy-preview').count()).toBe(0);
    expect(await dialog().getByRole('button', { name: 'Copy to Mobile · Production' }).count()).toBe(0);
    await shot('copy-entity-refused');
    // Another target clears the refusal; Web's Production sees the flag already (it is project-wide) but not Payers.
    await dialog().getByLabel('Target environment').selectOption({ label: 'Web · Production' });
    expect(await dialog().getByRole('alert').count()).toBe(0);
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    // An entity deleted while its dialog is open: the preview's 404 is said there too.
    const obsolete = await create(ids.staging, 'actions', { name: 'Obsolete' });
    await go('Actions');
    await page.getByRole('link', { name: 'Obsolete', exact: true }).click();
    await page.getByRole('button', { name: 'Copy to…' }).click();
    await dialog().getByLabel('Target environment').selectOption({ label: 'Web · Production' });
    const gone = await fetch(`${system.baseUrl}/api/v2/environments/${ids.staging}/actions/${obsolete}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect(gone.status).toBe(204);
    await dialog().getByRole('button', { name: 'Preview the copy' }).click();
    await expectText(dialog().getByRole('alert'), 'not found');
    expect(await dialog().getByTestId('copy-preview').count()).toBe(0);
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    const refused = [new RegExp(`^409 POST .*/feature_flags/${ids.checkout}/copy$`), new RegExp(`^404 POST .*/actions/${obsolete}/copy$`)];
    expect(failed.filter((entry) => !refused.some((pattern) => pattern.test(entry)))).toEqual([]);
    expect(refused.map((pattern) => failed.filter((entry) => pattern.test(entry)).length)).toEqual([1, 1]);
  });

  it('shows what each compared environment has of its own', async () => {
    await go('Compare environments');
    const staging = page.getByTestId(`own-entities-${ids.staging}`);
    const production = page.getByTestId(`own-entities-${ids.production}`);
    await expectText(staging, 'Growth');
    expect(await staging.getByRole('list', { name: 'Dashboards' }).locator('li').allTextContents()).toEqual(['Dashboard Growth', 'Dashboard Retention']);
    expect(await staging.getByRole('list', { name: 'Cohorts' }).locator('li').allTextContents()).toEqual(['Cohort Loyal', 'Cohort Payers']);
    expect(await production.locator('li').allTextContents()).toEqual(['Action Production notes']);
    await expectText(production, 'Staging does not see these.');
    expect(await staging.getByRole('link', { name: 'checkout' }).count()).toBe(0);
    await staging.scrollIntoViewIfNeeded();
    await shot('compare-own-entities');
    await production.getByRole('link', { name: 'Production notes' }).click();
    await page.waitForURL(new RegExp(`/environments/${ids.production}/actions/${ids.notes}$`));
    expect(failed.filter((entry) => !entry.includes('/copy'))).toEqual([]);
  });
});
