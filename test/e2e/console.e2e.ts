import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, screenshot, signIn, startConsoleHarness, type ConsoleHarness } from './support/console-harness';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const HOSTILE = '<img src=x onerror=alert(1)>@example.com';

/** The operator console in a real browser (Debian's Chromium through playwright-core). */
describe('the operator console', () => {
  let h: ConsoleHarness;
  let adaId: string;
  let hostileId: string;

  beforeAll(async () => {
    h = await startConsoleHarness();
    // Joiner -> mover -> entitlement -> leaver through SCIM, as SailPoint would send them.
    const ada = await h.scim('POST', '/Users', { schemas: [CORE], userName: 'ada@example.com', name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'ada@example.com', type: 'work', primary: true }], title: 'Analyst' });
    expect(ada.status).toBe(201);
    adaId = ada.body.id as string;
    expect((await h.scim('PATCH', `/Users/${adaId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }] })).status).toBe(200);
    const group = await h.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Console testers' });
    expect([group.status, group.body.detail]).toEqual([201, undefined]);
    expect((await h.scim('PATCH', `/Groups/${group.body.id as string}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: adaId }] }] })).status).toBeLessThan(300);
    const leaver = await h.scim('POST', '/Users', { schemas: [CORE], userName: 'leo@example.com', emails: [{ value: 'leo@example.com', type: 'work', primary: true }] });
    expect((await h.scim('DELETE', `/Users/${leaver.body.id as string}`)).status).toBe(204);
    const hostile = await h.scim('POST', '/Users', { schemas: [CORE], userName: HOSTILE, emails: [{ value: 'hostile@example.com', type: 'work', primary: true }] });
    expect(hostile.status).toBe(201);
    hostileId = hostile.body.id as string;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Waits until `count` answers `expected` (the page's CSP forbids the eval a string waitForFunction needs). */
  async function eventually(count: () => Promise<number>, expected: number): Promise<void> {
    for (let tries = 0; (await count()) !== expected; tries++) {
      if (tries > 100) throw new Error(`expected ${expected}, still ${await count()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function open(name: string, run: (page: Page) => Promise<void>): Promise<void> {
    const { context, page, errors } = await h.page();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    try {
      await run(page);
      // No page may log an error or run a script from data.
      expect(errors).toEqual([]);
      expect(dialogs).toBe(0);
    } finally {
      await screenshot(page, name).catch(() => undefined);
      await context.close();
    }
  }

  it('signs in with the admin token into an HttpOnly, SameSite=Strict session, and signs out', async () => {
    await open('sign-in-and-out', async (page) => {
      const response = await page.goto(`${h.origin}/console/`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
      await signIn(page, h.origin);
      const [cookie] = await page.context().cookies();
      expect(cookie).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Strict' }));
      // The token never reaches the URL or the page's storage.
      expect(page.url()).not.toContain(ADMIN_TOKEN);
      expect(await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')).not.toContain(ADMIN_TOKEN);
      await page.getByTestId('signout').click();
      await page.getByTestId('signin-token').waitFor();
      const after = await page.request.get(`${h.origin}/console/api/overview`);
      expect(after.status()).toBe(401);
    });
  });

  it("counts the joiner, mover, entitlement and leaver in today's figures and the chart's data", async () => {
    await open('overview', async (page) => {
      await signIn(page, h.origin);
      await page.getByTestId('today-joiner').waitFor();
      const today = async (key: string) => Number(await page.getByTestId(`today-${key}`).textContent());
      expect(await today('joiner')).toBe(3);
      expect(await today('mover')).toBeGreaterThanOrEqual(1);
      expect(await today('entitlement')).toBe(1);
      expect(await today('leaver')).toBe(1);
      const days = JSON.parse((await page.getByTestId('overview-data').textContent()) ?? '[]') as { joiner: number }[];
      expect(days).toHaveLength(30);
      expect(days.at(-1)?.joiner).toBe(3);
      await expect(page.getByTestId('overview-chart').isVisible()).resolves.toBe(true);
    });
  });

  it('filters the events table like the admin API, and exports exactly the filtered records as CSV', async () => {
    await open('events', async (page) => {
      await signIn(page, h.origin);
      await page.getByTestId('nav-events').click();
      await page.getByTestId('events-table').waitFor();
      await page.getByTestId('filter-type').selectOption('joiner');
      await page.getByTestId('filter-apply').click();
      await eventually(() => page.getByTestId('events-row').count(), 3);
      const api = (await (await h.admin('/admin/events?type=joiner')).json()) as { events: { id: string }[] };
      expect(await page.getByTestId('events-row').count()).toBe(api.events.length);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('events-csv').click()]);
      const csv = await (await download.createReadStream()).toArray();
      const lines = Buffer.concat(csv).toString('utf8').trim().split(/\r?\n/);
      expect(lines.length - 1).toBe(api.events.length);
      for (const event of api.events) expect(lines.some((line) => line.includes(event.id))).toBe(true);
    });
  });

  it("shows a person's history with the mover's before and after", async () => {
    await open('person', async (page) => {
      await signIn(page, h.origin);
      await page.getByTestId('nav-person').click();
      await page.getByTestId('person-search').fill('ada@example.com');
      await page.getByTestId('person-search').press('Enter');
      await page.getByTestId('person-result').first().click();
      const history = page.getByTestId('person-history');
      await history.waitFor();
      await expect(history.textContent()).resolves.toMatch(/Analyst[\s\S]*Engineer/);
    });
  });

  it('renders a hostile userName as text', async () => {
    await open('hostile-user-name', async (page) => {
      await signIn(page, h.origin);
      await page.getByTestId('nav-events').click();
      await page.getByTestId('events-row').first().waitFor();
      await expect(page.getByTestId('events-table').textContent()).resolves.toContain(HOSTILE);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(hostileId).toBeTruthy();
    });
  });

  it('shows a console change in JumpCloud as drift and acknowledges it', async () => {
    const emulator = h.bridge.jumpcloud.baseUrl as string;
    const changed = await fetch(`${emulator}/__emulator/users/${adaId}/console`, { method: 'PUT', headers: { 'x-api-key': h.bridge.jumpcloud.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ jobTitle: 'Changed in the console' }) });
    expect(changed.status).toBe(200);
    // The change feed (polling every second) records the outside change before the page looks.
    for (let tries = 0; ; tries++) {
      const open = (await (await h.admin('/admin/drift')).json()) as { drift: { to?: unknown }[] };
      if (open.drift.some((drift) => drift.to === 'Changed in the console')) break;
      if (tries > 100) throw new Error(`no drift after 20 s: ${JSON.stringify(open)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await open('drift', async (page) => {
      await signIn(page, h.origin);
      await page.getByTestId('nav-drift').click();
      const row = page.getByTestId('drift-row').filter({ hasText: 'Changed in the console' });
      await row.waitFor({ timeout: 20_000 });
      await row.getByTestId('drift-ack').click();
      await row.waitFor({ state: 'detached' });
      // The acknowledgement is in the journal: a drift record naming the one it acknowledges, by the console session.
      const events = (await (await h.admin('/admin/events?type=drift&limit=10')).json()) as { events: { acknowledges?: string; client?: string }[] };
      const acknowledgement = events.events.find((event) => event.acknowledges !== undefined);
      expect(acknowledgement?.client).toMatch(/^console:[0-9a-f]{8}$/);
    });
  });

  it('lists pending activations, since when, and whether JumpCloud mailed the link', async () => {
    // One created in the JumpCloud console: the bridge did not see whether it was mailed.
    const emulator = h.bridge.jumpcloud;
    const outside = await fetch(`${emulator.baseUrl as string}/__emulator/users/console`, {
      method: 'POST',
      headers: { 'x-api-key': emulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'olga', email: 'olga@example.com' }),
    });
    expect(outside.status).toBe(200);
    await open('pending', async (page) => {
      await signIn(page, h.origin);
      await page.getByTestId('nav-pending').click();
      await page.getByTestId('pending-row').first().waitFor();
      const mailOf = async (name: string) => (await page.getByTestId('pending-row').filter({ hasText: name }).getByTestId('pending-mail').textContent())?.trim();
      // Ada joined through SCIM without a password: JumpCloud mailed her the link (ACTIVATION_EMAIL on).
      expect(await mailOf('ada@example.com')).toBe('sent');
      expect(await mailOf('olga@example.com')).toBe('not known (created outside the bridge)');
      const since = await page.getByTestId('pending-row').filter({ hasText: 'ada@example.com' }).locator('time').getAttribute('datetime');
      expect(Date.parse(since ?? '')).toBeGreaterThan(Date.now() - 600_000);
    });
  });

  it('is usable with the keyboard alone, on every page', async () => {
    await open('keyboard', async (page) => {
      // The focused control's test id, or its row's (a row's own button opens it).
      const focused = () => page.evaluate<string | null>("(function (e) { var t = e && e.closest('[data-testid]'); return t ? t.getAttribute('data-testid') : null; })(document.activeElement)");
      /** Presses Tab until an element with this test id has the focus (as a keyboard user would). */
      const tabTo = async (testId: string) => {
        for (let i = 0; i < 80 && (await focused()) !== testId; i++) await page.keyboard.press('Tab');
        expect(await focused()).toBe(testId);
      };
      await page.goto(`${h.origin}/console/`);
      await tabTo('signin-token');
      await page.keyboard.type(ADMIN_TOKEN);
      await page.keyboard.press('Enter');
      await page.getByTestId('nav-overview').waitFor();

      // Events: a filter chosen, applied, and a record opened, keys only.
      await tabTo('nav-events');
      await page.keyboard.press('Enter');
      await page.getByTestId('events-row').first().waitFor();
      await tabTo('filter-type');
      await page.keyboard.type('joiner');
      await tabTo('filter-apply');
      await page.keyboard.press('Enter');
      await eventually(() => page.getByTestId('events-row').count(), 3);
      await tabTo('events-row');
      await page.keyboard.press('Enter');
      await page.getByTestId('event-detail').waitFor();

      // A person: searched and opened.
      await tabTo('nav-person');
      await page.keyboard.press('Enter');
      await tabTo('person-search');
      await page.keyboard.type('ada@example.com');
      await page.keyboard.press('Enter');
      await page.getByTestId('person-result').first().waitFor();
      await tabTo('person-result');
      await page.keyboard.press('Enter');
      await page.getByTestId('person-history').waitFor();

      // Pending activations.
      await tabTo('nav-pending');
      await page.keyboard.press('Enter');
      await page.getByTestId('pending-row').first().waitFor();

      // Drift: one acknowledged with Enter.
      await tabTo('nav-drift');
      await page.keyboard.press('Enter');
      await page.getByTestId('drift-row').first().waitFor();
      const before = await page.getByTestId('drift-row').count();
      await tabTo('drift-ack');
      await page.keyboard.press('Enter');
      await eventually(() => page.getByTestId('drift-row').count(), before - 1);

      // And out.
      await tabTo('signout');
      await page.keyboard.press('Enter');
      await page.getByTestId('signin-token').waitFor();
    });
  });
});
