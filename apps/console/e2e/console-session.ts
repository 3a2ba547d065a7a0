import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunningSystem } from '@strata/testing';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../../..');
// The README's pictures are refreshed on request only (UPDATE_SCREENSHOTS=1): a plain run leaves the work tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, 'docs', 'screenshots') : path.join(tmpdir(), 'strata-console-screenshots');
/**
 * Ceilings, not waits: every step waits for what it expects to see, and on a busy two-core CI machine (a whole system,
 * Chromium and other jobs) a step can take far longer than on a quiet one. A browser step may take 45 s, a test
 * (a walk of several pages) 4 minutes, before it counts as failed.
 */
const STEP_CEILING_MS = 45_000;
jest.setTimeout(240_000);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export type ExportFile = {
  version: number;
  features: { name: string }[];
  segments: { name: string; rules: { conditions: { operator: string }[] }[] }[];
  environments: { name: string; feature_states: { feature: string }[] }[];
};

export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

export const environmentIdOf = (url: string) => Number(/\/environments\/(\d+)\//.exec(url)?.[1]);

/**
 * A console spec's session: the console built for it, the whole system started from source serving it, and one page of
 * Debian's Chromium that records any request to another host and any error thrown — with the steps a person takes.
 */
export class ConsoleSession {
  readonly foreign: string[] = [];
  readonly pageErrors: string[] = [];
  /** Every answer of 400 or above and every request that got no answer (a spec expecting a refusal allows for it). */
  readonly failed: string[] = [];
  private browser: Browser | undefined;
  private opened: Page | undefined;

  private constructor(readonly system: RunningSystem) {}

  /** Registers the hooks of a spec file (call it at the top of its `describe`). */
  static forSpecs(name: string): ConsoleSession {
    const consoleDir = path.join(tmpdir(), `strata-console-e2e-${process.pid}-${name}`);
    beforeAll(() => {
      const build = spawnSync(process.execPath, [path.join(ROOT, 'infra', 'build-console.mjs'), consoleDir], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`);
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    const session = new ConsoleSession(RunningSystem.forSpecs({ env: { CONSOLE_DIR: consoleDir } }));
    beforeAll(() => session.open());
    afterAll(async () => {
      await session.browser?.close();
      rmSync(consoleDir, { recursive: true, force: true });
    });
    return session;
  }

  get page(): Page {
    if (!this.opened) throw new Error('the browser is not open yet');
    return this.opened;
  }

  private async open(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    context.setDefaultTimeout(STEP_CEILING_MS);
    const page = await context.newPage();
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('response', (response) => response.status() >= 400 && this.failed.push(`${response.status()} ${response.request().method()} ${response.url()}`));
    // A request the page's own navigation cancels (a reload, a new address) is not a failure.
    page.on('requestfailed', (request) => request.failure()?.errorText !== 'net::ERR_ABORTED' && this.failed.push(`failed ${request.method()} ${request.url()}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(this.system.baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) this.foreign.push(url);
    });
    this.opened = page;
  }

  readonly shot = (name: string, fullPage = false) => this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
  readonly dialog = () => this.page.getByRole('dialog');

  /** Signs in with a personal API key, as a person does, and waits for the first page (the dashboards). */
  readonly signIn = async (key: string): Promise<void> => {
    await this.page.goto(`${this.system.baseUrl}/`);
    await this.page.getByLabel('Personal API key', { exact: true }).fill(key);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForURL(/\/environments\/\d+\/dashboards$/);
  };

  /** The API as `key` calls it, for a spec's set-up: a JSON body, the JSON answer, an error naming any refusal. */
  readonly call = async <T>(key: string, method: string, url: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${this.system.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`${method} ${url}: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as T;
  };

  readonly openSwitcher = async (): Promise<Locator> => {
    await this.page.getByTestId('switcher').click();
    return this.page.getByRole('region', { name: 'Switch environment' });
  };

  readonly switchTo = async (project: string, environment: string): Promise<void> => {
    const panel = await this.openSwitcher();
    await panel.getByRole('region', { name: `Project ${project}` }).getByRole('button', { name: environment, exact: true }).click();
    await expectText(this.page.getByTestId('switcher'), environment);
  };

  readonly go = async (section: string): Promise<void> => {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
  };

  readonly createEntity = async (section: string, singular: string, fill: (form: Locator) => Promise<void>): Promise<string> => {
    await this.go(section);
    await this.page.getByRole('button', { name: `New ${singular}` }).click();
    await fill(this.dialog());
    await this.dialog().getByRole('button', { name: `Create ${singular}` }).click();
    await this.page.waitForURL(new RegExp(`/${UUID}$`));
    return this.page.url().split('/').pop() ?? '';
  };

  readonly upload = async (name: string, data: unknown): Promise<void> => {
    await this.page.getByLabel('Export file (JSON)').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)) });
    await this.page.getByRole('button', { name: 'Check and preview' }).click();
  };

  /** Starts an export of the current project and reads the file the browser downloads. */
  readonly exportFile = async (): Promise<ExportFile> => {
    await this.go('Export & import');
    const exporter = this.page.getByRole('form', { name: 'Export' });
    await exporter.getByRole('button', { name: 'Start export' }).click();
    const [download] = await Promise.all([this.page.waitForEvent('download'), exporter.getByRole('button', { name: 'Download the file' }).click()]);
    return JSON.parse(readFileSync(await download.path(), 'utf8')) as ExportFile;
  };
}
