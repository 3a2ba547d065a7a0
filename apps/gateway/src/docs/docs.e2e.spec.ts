import { RunningSystem } from '@strata/testing';
import { type Browser, chromium } from 'playwright-core';

/** Every route of SPEC §4.1–§4.2, as the document names it. */
const ROUTES: Array<[string, string]> = [
  ['post', '/api/signup'],
  ['get', '/api/users/@me'],
  ['get', '/api/organizations/{org_id}'],
  ['get', '/api/organizations/{org_id}/members/'],
  ['post', '/api/organizations/{org_id}/members/'],
  ['patch', '/api/organizations/{org_id}/members/{user_id}'],
  ['delete', '/api/organizations/{org_id}/members/{user_id}'],
  ['get', '/api/personal_api_keys/'],
  ['post', '/api/personal_api_keys/'],
  ['delete', '/api/personal_api_keys/{id}'],
  ['get', '/api/v2/projects/'],
  ['post', '/api/v2/projects/'],
  ['get', '/api/v2/projects/{project_id}'],
  ['patch', '/api/v2/projects/{project_id}'],
  ['delete', '/api/v2/projects/{project_id}'],
  ['get', '/api/v2/projects/{project_id}/environments/'],
  ['post', '/api/v2/projects/{project_id}/environments/'],
  ['get', '/api/v2/environments/'],
  ['post', '/api/v2/environments/'],
  ['get', '/api/v2/environments/{env_id}'],
  ['patch', '/api/v2/environments/{env_id}'],
  ['delete', '/api/v2/environments/{env_id}'],
  ['post', '/api/v2/environments/{env_id}/reset_token'],
  ['get', '/api/v2/environments/{env_id}/access/'],
  ['post', '/api/v2/environments/{env_id}/access/'],
  ['delete', '/api/v2/environments/{env_id}/access/'],
  ['get', '/api/projects/{env_id}'],
];

type Operation = { requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

describe('the API document and its docs page', () => {
  let system: RunningSystem;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // The document is built from the code at start: the gateway alone serves it.
    system = await RunningSystem.start({ apps: ['gateway'] });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('serves an OpenAPI 3 document listing every route with its bodies and the error body', async () => {
    const document = (await (await fetch(`${system.baseUrl}/api/schema`)).json()) as Document;

    expect(document.openapi).toMatch(/^3\./);
    for (const [method, path] of ROUTES) expect(document.paths[path]?.[method]).toBeDefined();
    expect(document.paths['/api/v2/projects/'].post.requestBody).toBeDefined();
    expect(document.paths['/api/v2/environments/{env_id}'].get.responses['200'].content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/EnvironmentDto',
    });
    expect(document.paths['/api/v2/environments/{env_id}'].get.responses['404'].content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorDto',
    });
    expect(document.components.schemas.ErrorDto).toMatchObject({ required: ['type', 'code', 'detail', 'attr'] });
  });

  it('renders the docs page in headless Chromium from local assets only, listing the endpoints', async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(system.baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url());
    });

    await page.goto(`${system.baseUrl}/api/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 20_000 });
    const listed = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((node) => node.getAttribute('data-path')));

    expect(listed).toEqual(expect.arrayContaining(['/api/signup', '/api/v2/projects/', '/api/v2/environments/{env_id}', '/api/v2/environments/{env_id}/access/']));
    expect(await page.title()).toBe('Strata API');
    expect(foreign).toEqual([]);
  });
});
