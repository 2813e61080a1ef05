import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ERROR, LIST } from './scim-users.fixtures';

const USERS = 23;

/** RFC 9865 cursor paging on GET /Users (and POST /Users/.search), through HTTP against the emulator. */
describe('cursor paging', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { generate: { users: USERS, usernamePrefix: 'pager' } }, env: { SCIM_CURSOR_TTL_SECONDS: '120', PUBLIC_BASE_URL: 'https://scim.example.test' } });
  });
  afterAll(() => h.close());
  afterEach(() => jest.useRealTimers());

  const list = (query: Record<string, string>) => h.scim('get', '/Users').query(query);

  it('pages through every user exactly once, in _id order, nextCursor absent on the last page', async () => {
    const ids: string[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const res = await list({ cursor, count: '5', attributes: 'userName' }).expect(200);
      pages += 1;
      expect(res.body).toMatchObject({ schemas: [LIST], totalResults: USERS });
      expect(res.body).not.toHaveProperty('startIndex');
      expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
      ids.push(...res.body.Resources.map((r: { id: string }) => r.id));
      if (res.body.nextCursor === undefined) break;
      expect(res.body.nextCursor).toMatch(/^[A-Za-z0-9._~-]+$/);
      cursor = res.body.nextCursor;
    }
    expect(pages).toBe(5);
    expect(ids).toEqual(h.emulator.ctx.users.idsInOrder(0, USERS));
  });

  it('a cursor page costs what the index page costs', async () => {
    // The page's own calls: a client paging also gets the next page read ahead in the background
    // (page-read-ahead.ts), a call for a later window that neither page is charged with.
    const ownCalls = () => h.jumpcloudRequests().filter((r) => (r.query as Record<string, string>).skip === '10');
    const first = await list({ cursor: '', count: '10' }).expect(200);
    h.resetRequests();
    const byCursor = await list({ cursor: first.body.nextCursor, count: '10' }).expect(200);
    const cursorRequests = ownCalls().length;
    h.resetRequests();
    const byIndex = await list({ startIndex: '11', count: '10' }).expect(200);
    expect(cursorRequests).toBe(1);
    expect(ownCalls()).toHaveLength(cursorRequests);
    expect(byCursor.body.Resources).toEqual(byIndex.body.Resources);
  });

  it('keeps a filter across pages, and POST /Users/.search pages by cursor too', async () => {
    const filter = 'userName ew "1" or userName ew "2"';
    const expected = (await list({ filter, count: '100' }).expect(200)).body.Resources.map((r: { id: string }) => r.id);
    expect(expected.length).toBeGreaterThan(2);
    const ids: string[] = [];
    let cursor = '';
    do {
      const res = await h.scim('post', '/Users/.search').send({ filter, cursor, count: 2 }).expect(200);
      ids.push(...res.body.Resources.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor !== undefined);
    expect(ids).toEqual(expected);
  });

  it('index paging keeps working beside it', async () => {
    const res = await list({ startIndex: '21', count: '5' }).expect(200);
    expect(res.body).toMatchObject({ totalResults: USERS, startIndex: 21, itemsPerPage: 3 });
    expect(res.body).not.toHaveProperty('nextCursor');
  });

  const refused = async (query: Record<string, string>, scimType: string, detail: RegExp) => {
    const res = await list(query).expect(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType, detail: expect.stringMatching(detail) });
  };

  it('refuses cursor together with startIndex', async () => {
    await refused({ cursor: '', startIndex: '1' }, 'invalidValue', /either 'cursor'.*or 'startIndex'.*not both/);
  });

  it('refuses a tampered cursor with invalidCursor', async () => {
    const { nextCursor } = (await list({ cursor: '', count: '3' }).expect(200)).body;
    const [payload, signature] = (nextCursor as string).split('.');
    const moved = Buffer.from(JSON.stringify([1, 0, JSON.parse(Buffer.from(payload as string, 'base64url').toString())[2], 4102444800])).toString('base64url');
    await refused({ cursor: `${moved}.${signature}` }, 'invalidCursor', /not a cursor this service issued, or it was altered/);
    await refused({ cursor: 'garbage' }, 'invalidCursor', /'garbage' is not a cursor this service issued/);
  });

  it('refuses a cursor under another filter with invalidCursor', async () => {
    const { nextCursor } = (await list({ cursor: '', count: '3', filter: 'userName sw "pager"' }).expect(200)).body;
    await refused({ cursor: nextCursor, filter: 'userName sw "page"' }, 'invalidCursor', /another filter, sort or resource type/);
    await list({ cursor: nextCursor, filter: 'userName sw "pager"' }).expect(200);
  });

  it('refuses a cursor past SCIM_CURSOR_TTL_SECONDS with expiredCursor', async () => {
    const { nextCursor } = (await list({ cursor: '', count: '3' }).expect(200)).body;
    // Only Date moves: the sockets' timers keep real time.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(Date.now() + 119_000);
    await list({ cursor: nextCursor }).expect(200);
    jest.setSystemTime(Date.now() + 2_000);
    await refused({ cursor: nextCursor }, 'expiredCursor', /expired \(cursors last 120 seconds/);
  });

  it('advertises cursor paging in /ServiceProviderConfig', async () => {
    const res = await h.scim('get', '/ServiceProviderConfig').expect(200);
    expect(res.body.pagination).toEqual({ cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 120 });
  });
});
