import { screenshot, signIn, startConsoleHarness, type ConsoleHarness } from './support/console-harness';

/** A console session ends after CONSOLE_SESSION_IDLE_SECONDS without a request: the page says so and asks to sign in again. */
describe('console session expiry', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness({ CONSOLE_SESSION_IDLE_SECONDS: '5', CHANGEFEED_MODE: 'off' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('signs the operator out after the idle time, in the page and on the server', async () => {
    const { context, page, errors } = await h.page();
    try {
      await signIn(page, h.origin);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await page.getByTestId('nav-events').click();
      await page.getByTestId('signin-token').waitFor();
      expect(await page.locator('body').textContent()).toMatch(/session has ended/i);
      // The server forgot the session too: its cookie opens nothing.
      expect((await page.request.get(`${h.origin}/console/api/overview`)).status()).toBe(401);
      await screenshot(page, 'session-expired');
      // The 401 that ended the session is the browser's only complaint.
      expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
