import type { SeedDocument } from '../../emulator/context';
import * as attributePaths from '../../src/scim/schema/resolve-attribute-path';
import { startBridgeHarness, type BridgeHarness } from '../support/bridge-harness';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USERS = 250;
/** JumpCloud-style ids in `_id` order, so that user `n` is on page `floor(n / 100)`. */
const idOf = (n: number): string => (n + 1).toString(16).padStart(24, '0');

/** Users in a chain of managers: each one's manager is the user before it (so on an earlier page, or earlier on the same one). */
const CHAIN: SeedDocument = {
  users: Array.from({ length: USERS }, (_, n) => ({
    _id: idOf(n),
    username: `chain${n}`,
    email: `chain${n}@example.com`,
    firstname: 'Chain',
    lastname: `${n}`,
    ...(n > 0 ? { manager: idOf(n - 1) } : {}),
  })),
};

interface ListedUser {
  id: string;
  [ENTERPRISE]?: { manager?: { value: string; displayName?: string } };
}

/**
 * Work counts of the list path (issue 13), not times: what a page costs must not grow with the
 * directory or with the page. An aggregation pages every user, 100 at a time, one page after another.
 */
describe('work per page of users', () => {
  let h: BridgeHarness | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    await h?.close();
    h = undefined;
  });

  it('an aggregation costs one JumpCloud call per page: managers met on earlier pages are not looked up again', async () => {
    h = await startBridgeHarness({ seed: CHAIN });
    const harness = h;
    const seen: ListedUser[] = [];
    let pages = 0;
    for (let startIndex = 1; startIndex <= USERS; startIndex += 100) {
      const page = await harness.scim('get', `/Users?startIndex=${startIndex}&count=100&excludedAttributes=groups`).expect(200);
      seen.push(...(page.body.Resources as ListedUser[]));
      pages += 1;
    }
    expect(seen.map((user) => user.id)).toEqual(Array.from({ length: USERS }, (_, n) => idOf(n)));
    expect(harness.jumpcloudRequests().map((r) => `${r.method} ${r.path}`)).toEqual(Array.from({ length: pages }, () => 'GET /api/systemusers'));
    // Every manager's name is served, those of the page boundaries included.
    for (const [n, user] of seen.entries()) {
      if (n === 0) continue;
      expect(user[ENTERPRISE]?.manager).toEqual({ value: idOf(n - 1), displayName: `Chain ${n - 1}` });
    }
  });

  it('resolves the projection once, not once per user: a page of 100 costs no more lookups than a page of 1', async () => {
    h = await startBridgeHarness({ seed: CHAIN });
    const resolve = jest.spyOn(attributePaths, 'resolveAttributePath');
    const lookupsFor = async (count: number): Promise<number> => {
      resolve.mockClear();
      const page = await h!.scim('get', `/Users?startIndex=101&count=${count}&attributes=userName,name.givenName,${ENTERPRISE}:manager&excludedAttributes=emails`).expect(200);
      expect(page.body.Resources).toHaveLength(count);
      return resolve.mock.calls.length;
    };
    const forOne = await lookupsFor(1);
    expect(forOne).toBeGreaterThan(0);
    // The projection is compiled on its first page and reused by the next ones.
    expect(await lookupsFor(100)).toBeLessThanOrEqual(forOne);
  });
});
