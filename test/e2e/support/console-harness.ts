import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import winston from 'winston';
import { startBridge, type RunningBridge } from '../../../src/composition/start-bridge';
import { loadConfig } from '../../../src/config/load-config';
import { createLogger } from '../../../src/logging/logger';

export const ADMIN_TOKEN = 'console-e2e-admin-token-0123456789';
export const SCIM_TOKEN = 'console-e2e-scim-token-0123456789';
/** Where each test's screenshot goes (not committed; CI keeps it as an artefact when it can). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'e2e');

/** Debian's Chromium, as the machine has it (apt-get install chromium); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A bridge on its embedded emulator with the console on, and a headless Chromium. */
export interface ConsoleHarness {
  bridge: RunningBridge;
  origin: string;
  browser: Browser;
  /** A fresh browser context and page; records console errors and failed requests. */
  page(): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  scim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  admin(path: string): Promise<Response>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless; as root it needs --no-sandbox, and the rest keeps it off this machine's closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context and page that records console errors and page errors. */
export async function watchedPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

export async function startConsoleHarness(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const logger = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
  const bridge = await startBridge(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', ADMIN_TOKEN, SCIM_BEARER_TOKEN: SCIM_TOKEN, CHANGEFEED_MODE: 'insights', CHANGEFEED_INTERVAL_SECONDS: '1', ...env }),
    { logger },
  );
  const origin = bridge.url.replace('//localhost', '//127.0.0.1');
  const browser = await launchChromium();
  return {
    bridge,
    origin,
    browser,
    page: () => watchedPage(browser),
    scim: async (method, path, body) => {
      const res = await fetch(`${bridge.scimBaseUrl.replace('//localhost', '//127.0.0.1')}${path}`, {
        method,
        headers: { authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    admin: (path) => fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    close: async () => {
      await browser.close();
      await bridge.close();
    },
  };
}

/** Signs in through the form, as an operator would (the token typed, never in a URL). */
export async function signIn(page: Page, origin: string, token = ADMIN_TOKEN): Promise<void> {
  await page.goto(`${origin}/console/`);
  await page.getByTestId('signin-token').fill(token);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-overview').waitFor();
}

/** Saves the page as test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`), fullPage: true });
}
