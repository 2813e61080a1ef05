import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { makeTenant, PROVIDER_ADMIN_TOKEN, startTenants, type TestTenant } from '../tenants/support/two-tenants';
import { launchChromium, screenshot, SCREENSHOTS, signIn, watchedPage } from './support/console-harness';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/**
 * The console of a bridge serving tenants (TENANTS_FILE), in Debian's Chromium: the tenant picker
 * switches every page to the chosen tenant's data, keeps the tab's choice across a reload, and a
 * tenant's own admin token shows that tenant only.
 */
describe('the operator console with tenants', () => {
  let started: Awaited<ReturnType<typeof startTenants>>;
  let acme: TestTenant;
  let globex: TestTenant;
  let browser: Browser;

  async function joiner(tenant: TestTenant, userName: string): Promise<void> {
    const res = await fetch(`${tenant.scim}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [CORE], userName, emails: [{ value: userName, type: 'work', primary: true }] }),
    });
    expect(res.status).toBe(201);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    started = await startTenants([await makeTenant('acme'), await makeTenant('globex')]);
    [acme, globex] = started.tenants as [TestTenant, TestTenant];
    await joiner(acme, 'ada@acme.example');
    await joiner(globex, 'gus@globex.example');
    await joiner(globex, 'gina@globex.example');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await started?.bridge.close();
    await acme?.emulator.close();
    await globex?.emulator.close();
  });

  async function open(name: string, run: (page: Page) => Promise<void>): Promise<void> {
    const { context, page, errors } = await watchedPage(browser);
    try {
      await run(page);
      expect(errors).toEqual([]);
    } finally {
      await screenshot(page, name).catch(() => undefined);
      await context.close();
    }
  }

  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();
  const userNames = async (page: Page) => (await page.getByTestId('events-row').allTextContents()).map((row) => /(ada|gus|gina)@[a-z]+\.example/.exec(row)?.[0]).sort();

  it('ADMIN_TOKEN picks between the tenants with the keyboard, and every page shows the chosen one', async () => {
    await open('tenants-picker', async (page) => {
      await signIn(page, started.origin, PROVIDER_ADMIN_TOKEN);
      const picker = page.getByTestId('tenant-select');
      await picker.waitFor();
      expect(await picker.locator('option').allTextContents()).toEqual(['acme', 'globex']);
      await page.getByTestId('today-joiner').waitFor();
      expect(await text(page, 'overview-heading')).toBe('Overview: acme');
      expect(await text(page, 'today-joiner')).toBe('1');

      // The keyboard alone: focus the picker, choose the next tenant.
      await picker.focus();
      await page.keyboard.press('ArrowDown');
      await page.getByTestId('overview-heading').filter({ hasText: 'Overview: globex' }).waitFor();
      await page.getByTestId('today-joiner').waitFor();
      expect(await text(page, 'today-joiner')).toBe('2');

      await page.getByTestId('nav-events').click();
      await page.getByTestId('events-row').first().waitFor();
      expect(await userNames(page)).toEqual(['gina@globex.example', 'gus@globex.example']);
      expect(await page.getByTestId('events-csv').getAttribute('href')).toBe('api/tenants/globex/events.csv');

      // A reload keeps the tab's tenant (and the session).
      await page.reload();
      await page.getByTestId('events-row').first().waitFor();
      expect(await picker.inputValue()).toBe('globex');
      expect(await userNames(page)).toEqual(['gina@globex.example', 'gus@globex.example']);

      // Back to acme: the overview of acme, and its events only.
      await picker.selectOption('acme');
      await page.getByTestId('overview-heading').filter({ hasText: 'Overview: acme' }).waitFor();
      await page.getByTestId('nav-events').click();
      await page.getByTestId('events-row').first().waitFor();
      expect(await userNames(page)).toEqual(['ada@acme.example']);
    });
  });

  it("a tenant's admin token shows that tenant only", async () => {
    await open('tenants-own-tenant', async (page) => {
      await signIn(page, started.origin, globex.adminToken);
      const picker = page.getByTestId('tenant-select');
      await picker.waitFor();
      expect(await picker.locator('option').allTextContents()).toEqual(['globex']);
      await page.getByTestId('today-joiner').waitFor();
      expect(await text(page, 'overview-heading')).toBe('Overview: globex');
      expect(await text(page, 'today-joiner')).toBe('2');
      await page.getByTestId('nav-events').click();
      await page.getByTestId('events-row').first().waitFor();
      expect(await userNames(page)).toEqual(['gina@globex.example', 'gus@globex.example']);
      // Signing out leaves no picker behind.
      await page.getByTestId('signout').click();
      await page.getByTestId('signin-token').waitFor();
      expect(await picker.isHidden()).toBe(true);
    });
  });
});
