import type { SeedDocument } from '../../../emulator/context';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { PATCH_OP } from './scim-users.fixtures';

const USERS = 250;
const idOf = (n: number): string => (n + 1).toString(16).padStart(24, '0');
const SEED: SeedDocument = {
  users: Array.from({ length: USERS }, (_, n) => ({ _id: idOf(n), username: `ahead${n}`, email: `ahead${n}@example.com`, firstname: 'Ahead', lastname: `${n}`, jobTitle: 'Before' })),
};

/** The list calls JumpCloud has received, as their offsets. */
function listOffsets(h: BridgeHarness): number[] {
  return h
    .jumpcloudRequests()
    .filter((r) => r.method === 'GET' && r.path === '/api/systemusers')
    .map((r) => Number((r.query as Record<string, string>).skip ?? 0));
}

/** Waits (briefly) until JumpCloud has seen `count` list calls: a read ahead runs after its page is answered. */
async function untilListCalls(h: BridgeHarness, count: number): Promise<void> {
  for (let waited = 0; listOffsets(h).length < count && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

const page = (h: BridgeHarness, startIndex: number) => h.scim('get', `/Users?startIndex=${startIndex}&count=100&excludedAttributes=groups`).expect(200);

/** The aggregation read-ahead (issue 13) seen from SCIM: the next page comes from JumpCloud once, and never from before a write. */
describe('SCIM Users pages read ahead', () => {
  let h: BridgeHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('once a client pages, the next page is read while it works and served without asking JumpCloud again', async () => {
    h = await startBridgeHarness({ seed: SEED });
    await page(h, 1);
    await page(h, 101);
    await untilListCalls(h, 3);
    expect(listOffsets(h)).toEqual([0, 100, 200]);
    const third = await page(h, 201);
    expect((third.body.Resources as { id: string }[]).map((user) => user.id)).toEqual(Array.from({ length: 50 }, (_, n) => idOf(200 + n)));
    expect(third.body.totalResults).toBe(USERS);
    expect(listOffsets(h)).toEqual([0, 100, 200]);
  });

  it('a write through the bridge between two pages is in the next page: the page read ahead before it is not served', async () => {
    h = await startBridgeHarness({ seed: SEED });
    await page(h, 1);
    await page(h, 101);
    await untilListCalls(h, 3);
    await h.scim('patch', `/Users/${idOf(220)}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'After' }] }).expect(200);
    const third = await page(h, 201);
    const changed = (third.body.Resources as { id: string; title?: string }[]).find((user) => user.id === idOf(220));
    expect(changed?.title).toBe('After');
    expect(listOffsets(h)).toEqual([0, 100, 200, 200]);
  });
});

describe('SCIM Users pages read ahead, page sizes', () => {
  it('a page read ahead for one page size is not served for another', async () => {
    // 350 users: the page read ahead (offset 200, 100 users) is fuller than the 50 then asked for.
    const seed: SeedDocument = { users: Array.from({ length: 350 }, (_, n) => ({ _id: idOf(n), username: `size${n}`, email: `size${n}@example.com`, firstname: 'Size', lastname: `${n}` })) };
    const h = await startBridgeHarness({ seed });
    try {
      await page(h, 1);
      await page(h, 101);
      await untilListCalls(h, 3);
      // Another client (or the same one) asks for 50 from offset 200: 50 users, not the 100 read ahead.
      const half = await h.scim('get', '/Users?startIndex=201&count=50&excludedAttributes=groups').expect(200);
      expect((half.body.Resources as { id: string }[]).map((user) => user.id)).toEqual(Array.from({ length: 50 }, (_, n) => idOf(200 + n)));
      expect(half.body.itemsPerPage).toBe(50);
      const offsets = h.jumpcloudRequests().filter((r) => r.path === '/api/systemusers').map((r) => (r.query as Record<string, string>).limit);
      expect(offsets).toEqual(['100', '100', '100', '50']);
    } finally {
      await h.close();
    }
  });
});

describe('SCIM Users pages while fixtures are recorded', () => {
  it('reads nothing ahead: every JumpCloud call belongs to the request that made it', async () => {
    const h = await startBridgeHarness({ seed: SEED, env: { RECORD_FIXTURES_DIR: '/nonexistent/recordings' } });
    try {
      await page(h, 1);
      await page(h, 101);
      // Time for a read ahead to have reached JumpCloud, had there been one.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(listOffsets(h)).toEqual([0, 100]);
      await page(h, 201);
      expect(listOffsets(h)).toEqual([0, 100, 200]);
    } finally {
      await h.close();
    }
  });
});
