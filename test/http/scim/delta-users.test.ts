import { consoleActor } from '../../../emulator/default-options';
import { MAX_SORT_WINDOW, TopK } from '../../../src/scim/list';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { createThroughBridge, emulatorCall, PATCH_OP, scimUser } from './scim-users.fixtures';
import { idsOf, nextWholeSecond, requestCounts, STORES, timestampForms, type OpenStore } from './delta-support';

const DIRECTORY = 10_000;
const PAGE = 100;

type ListBody = { totalResults: number; startIndex: number; itemsPerPage: number; Resources?: ({ id: string; userName: string; meta: { lastModified: string } } & Record<string, unknown>)[] };

/**
 * SailPoint's delta aggregation (`meta.lastModified gt "<time>"`) over a 10,000-user directory
 * in which 25 users changed: through the bridge (PATCH, POST), in the console (recorded into the
 * state store as the change feed records them), and one created in the console (known by its
 * `created` alone). The answer must be exactly what a full scan with the same meaning gives,
 * at a cost that follows the 25, not the 10,000.
 */
describe.each(STORES)('delta aggregation on /Users (%s state store)', (_name, openStore) => {
  let h: BridgeHarness;
  let store: OpenStore;
  let since: Date;
  let ids: string[];
  /** The users changed after `since` that still exist. */
  let changed: string[];
  /** Users whose changes the store holds but that are gone from JumpCloud. */
  let gone: string[];
  let changedBefore: string;

  // meta.location carries the port supertest picked for the call: leave it out of comparisons.
  const list = async (query: Record<string, string | number>): Promise<ListBody> => withoutLocations((await h.scim('get', '/Users').query(query).expect(200)).body as ListBody);
  const patchTitle = (id: string, title: string) =>
    h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: title }] }).expect(200);
  /** The equivalent filter no delta bound can be read from: the bridge scans the directory. */
  const scanOf = (filter: string, at: string): string => filter.replace(`meta.lastModified gt "${at}"`, `not (meta.lastModified le "${at}")`);

  beforeAll(async () => {
    store = openStore();
    h = await startBridgeHarness({ state: store.state, env: { SCIM_MAX_PAGE_SIZE: '10000' } });
    h.emulator.ctx.reset();
    h.emulator.ctx.seed({ generate: { users: DIRECTORY } });
    ids = h.emulator.ctx.users.idsInOrder(0, DIRECTORY);
    const console = consoleActor(h.emulator.ctx.options);

    changedBefore = ids[7] as string;
    await patchTitle(changedBefore, 'Changed before the delta');
    since = await nextWholeSecond();

    // Through the bridge: 12 PATCHes (several in user000100-user000199), 3 creates.
    const patched = [100, 101, 150, 199, 2, 3, 4_000, 5_000, 6_000, 7_000, 8_000, 9_999].map((n) => ids[n] as string);
    for (const id of patched) await patchTitle(id, 'Changed through the bridge');
    const created: string[] = [];
    for (const local of ['delta.one', 'delta.two', 'delta.three']) created.push((await createThroughBridge(h, scimUser(local))).id);
    // In the console: 9 changes, recorded into the state store as the change feed does.
    const consoleChanged = [120, 130, 9, 10, 3_000, 3_001, 4_500, 8_888, 9_000].map((n) => ids[n] as string);
    for (const id of consoleChanged) {
      await emulatorCall(h, 'put', `/__emulator/users/${id}/console`).send({ jobTitle: 'Changed in the console' }).expect(200);
      await store.state.recordChange('User', id, new Date());
    }
    // Created in the console and not recorded anywhere: only its `created` says it is new.
    const consoleCreated = h.emulator.ctx.users.create({ username: 'consolemade', email: 'consolemade@example.com' }, console)._id as string;
    // Changed, then deleted: in the console (the store still holds it) and through the bridge.
    gone = [ids[20] as string, ids[21] as string];
    for (const id of gone) {
      await emulatorCall(h, 'put', `/__emulator/users/${id}/console`).send({ jobTitle: 'About to leave' }).expect(200);
      await store.state.recordChange('User', id, new Date());
      await emulatorCall(h, 'delete', `/__emulator/users/${id}/console`).expect(200);
    }
    const deletedByBridge = ids[22] as string;
    await patchTitle(deletedByBridge, 'About to be deleted');
    await h.scim('delete', `/Users/${deletedByBridge}`).expect(204);
    gone.push(deletedByBridge);

    changed = [...patched, ...created, ...consoleChanged, consoleCreated].sort();
    expect(changed).toHaveLength(25);
  }, 120_000);

  afterAll(async () => {
    await h.close();
    store.close();
  });

  it('answers exactly the 25 users changed since then, at ceil(25/100) + small constant JumpCloud requests', async () => {
    const at = since.toISOString();
    h.resetRequests();
    const delta = await list({ filter: `meta.lastModified gt "${at}"`, count: 1000 });
    const cost = requestCounts(h);
    expect(delta.totalResults).toBe(25);
    expect(idsOf(delta)).toEqual(changed);
    for (const id of [...gone, changedBefore]) expect(idsOf(delta)).not.toContain(id);
    for (const resource of delta.Resources ?? []) expect(Date.parse(resource.meta.lastModified)).toBeGreaterThan(since.getTime());
    // One probe for users created since (sort=-_id) + one search of <= 100 ids.
    expect(cost.userReads).toBe(Math.ceil(25 / PAGE) + 1);
    expect(cost.searches).toEqual([{ ids: 23, limit: '23' }]); // 12 + 9 + the 2 gone; the 4 new ones came with the probe
    expect(cost.total).toBeLessThanOrEqual(Math.ceil(25 / PAGE) + 3);

    // The same question without a readable bound makes the bridge read the whole directory; same answer.
    h.resetRequests();
    const scan = await list({ filter: scanOf(`meta.lastModified gt "${at}"`, at), count: 1000 });
    expect(scan).toEqual(delta);
    expect(requestCounts(h).userReads).toBeGreaterThanOrEqual(Math.ceil(DIRECTORY / PAGE));
  }, 60_000);

  it('a delta page beyond the sort window is the page of the plain list, and holds one page, not every change before it', async () => {
    // Every user changed since 1970: a delta over the whole directory. Ranking it by _id in memory
    // would hold startIndex + count users; past MAX_SORT_WINDOW the bridge scans in _id order instead.
    const forPage = jest.spyOn(TopK, 'forPage');
    try {
      const everything = 'meta.lastModified gt "1970-01-01T00:00:00Z"';
      // The first page ends at the window's last result (ranked in memory), the second past it (scanned).
      for (const startIndex of [MAX_SORT_WINDOW - 9, MAX_SORT_WINDOW - 4]) {
        const delta = await list({ filter: everything, startIndex, count: 10 });
        const plain = await list({ startIndex, count: 10 });
        expect(idsOf(delta).length).toBeGreaterThan(0);
        expect(idsOf(delta)).toEqual(idsOf(plain));
        expect(delta.totalResults).toBe(plain.totalResults);
      }
      const farOut = await list({ filter: everything, startIndex: '9007199254740993', count: 10 });
      expect(farOut.Resources ?? []).toEqual([]);
      expect(forPage).toHaveBeenCalled();
      for (const [page, compare] of forPage.mock.calls) {
        const held = compare ? page.startIndex - 1 + page.count : page.count;
        expect(held).toBeLessThanOrEqual(MAX_SORT_WINDOW);
      }
    } finally {
      forPage.mockRestore();
    }
  }, 120_000);

  it('reads every timestamp form SailPoint sends as the same instant; ge includes a change at the bound, gt does not', async () => {
    const expected = changed;
    for (const form of timestampForms(since)) {
      expect(idsOf(await list({ filter: `meta.lastModified gt "${form}"`, count: 1000 }))).toEqual(expected);
      expect(idsOf(await list({ filter: `meta.lastModified ge "${form}"`, count: 1000 }))).toEqual(expected);
    }
    const all = await list({ filter: `meta.lastModified gt "${since.toISOString()}"`, count: 1000 });
    const latest = [...(all.Resources ?? [])].sort((a, b) => b.meta.lastModified.localeCompare(a.meta.lastModified))[0];
    if (!latest) throw new Error('no delta answer');
    const at = latest.meta.lastModified;
    expect(idsOf(await list({ filter: `meta.lastModified ge "${at}"` }))).toContain(latest.id);
    expect(idsOf(await list({ filter: `meta.lastModified gt "${at}"` }))).not.toContain(latest.id);
    expect(idsOf(await list({ filter: `meta.lastModified eq "${at}"` }))).toContain(latest.id);
  }, 60_000);

  it('and-ed with the admin filter: the changed users that also match it, like a scan says', async () => {
    const at = since.toISOString();
    for (const filter of [
      `meta.lastModified gt "${at}" and userName sw "user0001"`,
      `userName sw "delta" and meta.lastModified gt "${at}"`,
      `meta.lastModified gt "${at}" and (title eq "Changed through the bridge" or userName sw "consolemade")`,
      `meta.lastModified gt "${at}" and meta.lastModified lt "2999-01-01T00:00:00Z" and active eq true`,
    ]) {
      h.resetRequests();
      const delta = await list({ filter, count: 1000 });
      expect(requestCounts(h).userReads).toBe(2);
      const scan = await list({ filter: scanOf(filter, at), count: 1000 });
      expect(delta).toEqual(scan);
      expect(delta.totalResults).toBeGreaterThan(0);
      expect(idsOf(delta).every((id) => changed.includes(id))).toBe(true);
    }
    const admin = await list({ filter: `meta.lastModified gt "${at}" and userName sw "user0001"`, count: 1000 });
    expect(admin.totalResults).toBe(5); // user000101, 102, 151 (bridge), 121, 131 (console)
  }, 60_000);

  it('pages and sorts in a stable order on top of the delta', async () => {
    const filter = `meta.lastModified gt "${since.toISOString()}"`;
    const pages: ListBody[] = [];
    for (let startIndex = 1; startIndex <= 25; startIndex += 10) pages.push(await list({ filter, startIndex, count: 10 }));
    expect(pages.map((page) => [page.totalResults, page.startIndex, page.itemsPerPage])).toEqual([
      [25, 1, 10],
      [25, 11, 10],
      [25, 21, 5],
    ]);
    expect(pages.flatMap(idsOf)).toEqual(changed);

    const byName = await list({ filter, sortBy: 'userName', count: 1000 });
    expect(byName).toEqual(await list({ filter: scanOf(filter, since.toISOString()), sortBy: 'userName', count: 1000 }));
    const names = (byName.Resources ?? []).map((r) => r.userName);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    const recent = await list({ filter, sortBy: 'meta.lastModified', sortOrder: 'descending', count: 1000 });
    const expected = [...(recent.Resources ?? [])].sort((a, b) => b.meta.lastModified.localeCompare(a.meta.lastModified) || a.id.localeCompare(b.id));
    expect(idsOf(recent)).toEqual(expected.map((r) => r.id));
    const paged: string[] = [];
    for (let startIndex = 1; startIndex <= 25; startIndex += 7) paged.push(...idsOf(await list({ filter, sortBy: 'meta.lastModified', sortOrder: 'descending', startIndex, count: 7 })));
    expect(paged).toEqual(idsOf(recent));
  }, 60_000);

  it('meta.lastModified is the recorded change time, else the creation time', async () => {
    const delta = await list({ filter: `meta.lastModified gt "${since.toISOString()}"`, count: 1000 });
    for (const resource of delta.Resources ?? []) {
      const recorded = await store.state.get('User', resource.id);
      const expected = recorded?.lastModified ?? (h.emulator.ctx.users.get(resource.id)?.created as string);
      expect(resource.meta.lastModified).toBe(expected);
      expect((await h.scim('get', `/Users/${resource.id}`).expect(200)).body.meta.lastModified).toBe(expected);
    }
  }, 60_000);
});

function withoutLocations(body: ListBody): ListBody {
  for (const resource of body.Resources ?? []) delete (resource.meta as Record<string, unknown>).location;
  return body;
}

/** Many changes: the search batches hold 100 ids each, and many new users page the probe. */
describe('delta aggregation on /Users with hundreds of changes', () => {
  let h: BridgeHarness;
  let store: OpenStore;
  beforeAll(async () => {
    store = (STORES[1] as [string, () => OpenStore])[1]();
    h = await startBridgeHarness({ state: store.state, env: { SCIM_MAX_PAGE_SIZE: '10000' } });
  });
  afterAll(async () => {
    await h.close();
    store.close();
  });

  it('250 recorded changes and 150 console-created users: 3 searches of <= 100 ids, 2 probe pages, exact answer', async () => {
    h.emulator.ctx.reset();
    h.emulator.ctx.seed({ generate: { users: 3_000 } });
    const ids = h.emulator.ctx.users.idsInOrder(0, 3_000);
    const since = await nextWholeSecond();
    const recorded = ids.filter((_, n) => n % 12 === 5).slice(0, 250);
    for (const id of recorded) await store.state.recordChange('User', id, new Date());
    const console = consoleActor(h.emulator.ctx.options);
    const created = Array.from({ length: 150 }, (_, n) => h.emulator.ctx.users.create({ username: `fresh${n}`, email: `fresh${n}@example.com` }, console)._id as string);
    h.resetRequests();
    const res = await h.scim('get', '/Users').query({ filter: `meta.lastModified gt "${since.toISOString()}"`, count: 10000, excludedAttributes: 'groups' }).expect(200);
    expect(res.body.totalResults).toBe(400);
    expect(idsOf(res.body)).toEqual([...recorded, ...created].sort());
    const cost = requestCounts(h);
    expect(cost.searches.map((s) => s.ids)).toEqual([100, 100, 50]);
    expect(cost.userReads).toBe(3 + 2);
    expect(cost.total).toBe(5);
  }, 60_000);
});
