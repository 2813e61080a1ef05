import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ERROR, LIST } from './scim-users.fixtures';

const GROUPS = 12;

/** RFC 9865 cursor paging on GET /Groups, through HTTP against the emulator. */
describe('cursor paging of groups', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { generate: { users: 3, usernamePrefix: 'member' }, groups: Array.from({ length: GROUPS }, (_, i) => ({ name: `Team ${String(i).padStart(2, '0')}` })) } });
  });
  afterAll(() => h.close());

  it('pages through every group exactly once (All Users included), nextCursor absent on the last page', async () => {
    const names: string[] = [];
    let cursor = '';
    for (;;) {
      const res = await h.scim('get', '/Groups').query({ cursor, count: '5', excludedAttributes: 'members' }).expect(200);
      expect(res.body).toMatchObject({ schemas: [LIST], totalResults: GROUPS + 1 });
      expect(res.body).not.toHaveProperty('startIndex');
      expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
      names.push(...res.body.Resources.map((g: { displayName: string }) => g.displayName));
      if (res.body.nextCursor === undefined) break;
      cursor = res.body.nextCursor;
    }
    expect(names).toHaveLength(GROUPS + 1);
    expect(new Set(names).size).toBe(GROUPS + 1);
    expect(names).toContain('All Users');
  });

  it('refuses a cursor issued for users, and index paging keeps working', async () => {
    const users = await h.scim('get', '/Users').query({ cursor: '', count: '1' }).expect(200);
    const userCursor = users.body.nextCursor as string;
    expect(userCursor).toBeDefined();
    const res = await h.scim('get', '/Groups').query({ cursor: userCursor, count: '5' }).expect(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidCursor' });
    const indexed = await h.scim('get', '/Groups').query({ startIndex: '2', count: '3', excludedAttributes: 'members' }).expect(200);
    expect(indexed.body).toMatchObject({ startIndex: 2, itemsPerPage: 3, totalResults: GROUPS + 1 });
  });
});
