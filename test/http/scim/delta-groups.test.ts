import { apiKeyActor, consoleActor } from '../../../emulator/default-options';
import { MAX_SORT_WINDOW, TopK } from '../../../src/scim/list';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorCall } from './scim-users.fixtures';
import { GROUP, patch, resetWithUsers } from './groups-fixtures';
import { idsOf, nextWholeSecond, requestCounts, STORES, timestampForms, type OpenStore } from './delta-support';

type GroupListBody = { totalResults: number; Resources?: ({ id: string; displayName: string; members?: { value: string }[]; meta: { lastModified: string; location?: string } } & Record<string, unknown>)[] };

/**
 * SailPoint's group (entitlement) delta: `GET /Groups?filter=meta.lastModified gt "<time>"` over
 * 1,000 groups of which 9 changed: membership and attribute writes through the bridge, groups
 * created through it, console membership changes recorded into the state store (as the change
 * feed records them), one group made in the console and known by its ObjectId time alone, and
 * one deleted by another integration after it changed.
 */
describe.each(STORES)('delta aggregation on /Groups (%s state store)', (_name, openStore) => {
  let h: BridgeHarness;
  let store: OpenStore;
  let since: Date;
  let changed: string[];
  let gone: string;
  let before: string;
  let memberAdded: { group: string; user: string };

  const list = async (query: Record<string, string | number>): Promise<GroupListBody> => {
    const body = (await h.scim('get', '/Groups').query(query).expect(200)).body as GroupListBody;
    // meta.location carries the port supertest picked for the call.
    for (const resource of body.Resources ?? []) delete resource.meta.location;
    return body;
  };
  const scanOf = (filter: string, at: string): string => filter.replace(`meta.lastModified gt "${at}"`, `not (meta.lastModified le "${at}")`);

  beforeAll(async () => {
    store = openStore();
    h = await startBridgeHarness({ state: store.state, env: { SCIM_MAX_PAGE_SIZE: '5000' } });
    const users = resetWithUsers(h, 40);
    const admin = apiKeyActor(h.emulator.ctx.options);
    const groups = Array.from({ length: 1_000 }, (_, n) => h.emulator.ctx.groups.create({ name: `Team ${String(n).padStart(4, '0')}` }, admin).id as string);
    before = groups[1] as string;
    await h.scim('patch', `/Groups/${before}`).send(patch({ op: 'add', path: 'members', value: [{ value: users[0] }] })).expect(204);
    since = await nextWholeSecond();

    // Through the bridge: 3 membership changes, 1 rename, 2 new groups.
    const membership = [groups[10], groups[500], groups[999]] as string[];
    for (const [n, id] of membership.entries()) await h.scim('patch', `/Groups/${id}`).send(patch({ op: 'add', path: 'members', value: [{ value: users[n + 1] }] })).expect(204);
    memberAdded = { group: groups[10] as string, user: users[1] as string };
    const renamed = groups[42] as string;
    await h.scim('patch', `/Groups/${renamed}`).send(patch({ op: 'replace', path: 'displayName', value: 'Delta renamed' })).expect(204);
    const created: string[] = [];
    for (const displayName of ['Delta new one', 'Delta new two']) created.push((await h.scim('post', '/Groups').send({ schemas: [GROUP], displayName }).expect(201)).body.id as string);
    // In the console: 2 membership changes, recorded as the change feed records them.
    const console = consoleActor(h.emulator.ctx.options);
    const consoleChanged = [groups[7], groups[777]] as string[];
    for (const id of consoleChanged) {
      h.emulator.ctx.groups.addMember(id, users[30] as string, console);
      await store.state.recordChange('Group', id, new Date());
    }
    // Changed, then deleted by another integration: the store still holds it.
    gone = groups[300] as string;
    await store.state.recordChange('Group', gone, new Date());
    await emulatorCall(h, 'delete', `/api/v2/usergroups/${gone}`).expect(204);
    // Made in the console, recorded nowhere: its meta.created (ObjectId seconds) is all there is,
    // so it is made in a later second than the bound.
    await nextWholeSecond();
    const consoleCreated = h.emulator.ctx.groups.create({ name: 'Delta console made' }, console).id as string;

    changed = [...membership, renamed, ...created, ...consoleChanged, consoleCreated].sort();
    expect(changed).toHaveLength(9);
  }, 60_000);

  afterAll(async () => {
    await h.close();
    store.close();
  });

  it('answers exactly the 9 changed groups: one probe and one GET per recorded group, not the 11 pages of the list', async () => {
    const at = since.toISOString();
    h.resetRequests();
    const delta = await list({ filter: `meta.lastModified gt "${at}"`, excludedAttributes: 'members', count: 1000 });
    const cost = requestCounts(h);
    expect(delta.totalResults).toBe(9);
    expect(idsOf(delta)).toEqual(changed);
    expect(idsOf(delta)).not.toContain(gone);
    expect(idsOf(delta)).not.toContain(before);
    // The probe (sort=-id, one page) + one GET per recorded group it did not bring: the 6 old
    // groups changed, the deleted one (404), and the 2 made through the bridge unless their
    // ObjectId second is already past the bound's (then the probe brought them).
    const reads = h.jumpcloudRequests().map((r) => (r.path === '/api/v2/usergroups' ? `list ${String(r.query.sort)}` : 'get'));
    expect(reads.filter((read) => read !== 'get')).toEqual(['list -id']);
    expect(cost.groupReads).toBeGreaterThanOrEqual(1 + 7);
    expect(cost.groupReads).toBeLessThanOrEqual(1 + 9);
    expect(cost.total).toBe(cost.groupReads);

    h.resetRequests();
    const scan = await list({ filter: scanOf(`meta.lastModified gt "${at}"`, at), excludedAttributes: 'members', count: 1000 });
    expect(scan).toEqual(delta);
    expect(requestCounts(h).groupReads).toBe(Math.ceil(1_002 / 100));
  }, 60_000);

  it('reads every timestamp form as the same instant, and-ed filters and paging agree with a scan', async () => {
    for (const form of timestampForms(since)) expect(idsOf(await list({ filter: `meta.lastModified gt "${form}"`, excludedAttributes: 'members' }))).toEqual(changed);
    const at = since.toISOString();
    for (const filter of [`meta.lastModified gt "${at}" and displayName sw "delta"`, `displayName sw "Team" and meta.lastModified gt "${at}"`]) {
      const delta = await list({ filter, excludedAttributes: 'members', count: 1000 });
      expect(delta.totalResults).toBeGreaterThan(0);
      expect(delta).toEqual(await list({ filter: scanOf(filter, at), excludedAttributes: 'members', count: 1000 }));
    }
    const pages: string[] = [];
    for (let startIndex = 1; startIndex <= 9; startIndex += 4) pages.push(...idsOf(await list({ filter: `meta.lastModified gt "${at}"`, excludedAttributes: 'members', startIndex, count: 4 })));
    expect(pages).toEqual(changed);
    const named = await list({ filter: `meta.lastModified gt "${at}"`, excludedAttributes: 'members', sortBy: 'displayName', count: 1000 });
    expect(named.Resources?.map((g) => g.displayName)).toEqual([...(named.Resources ?? [])].map((g) => g.displayName).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  }, 60_000);

  it('a delta page past the sort window is the page of the plain list, holding one page', async () => {
    const forPage = jest.spyOn(TopK, 'forPage');
    try {
      const everything = 'meta.lastModified gt "1970-01-01T00:00:00Z"';
      for (const startIndex of [995, MAX_SORT_WINDOW - 5, MAX_SORT_WINDOW + 1]) {
        const delta = await list({ filter: everything, excludedAttributes: 'members', startIndex, count: 10 });
        const plain = await list({ excludedAttributes: 'members', startIndex, count: 10 });
        expect(idsOf(delta)).toEqual(idsOf(plain));
        expect(delta.totalResults).toBe(plain.totalResults);
      }
      expect(forPage).toHaveBeenCalled();
      for (const [page, compare] of forPage.mock.calls) expect(compare ? page.startIndex - 1 + page.count : page.count).toBeLessThanOrEqual(MAX_SORT_WINDOW);
    } finally {
      forPage.mockRestore();
    }
  }, 60_000);

  it('returns members on request, with the membership change in them', async () => {
    const delta = await list({ filter: `meta.lastModified gt "${since.toISOString()}"`, count: 1000 });
    const group = delta.Resources?.find((g) => g.id === memberAdded.group);
    expect(group?.members?.map((m) => m.value)).toContain(memberAdded.user);
    for (const resource of delta.Resources ?? []) expect(Date.parse(resource.meta.lastModified)).toBeGreaterThan(since.getTime());
  }, 60_000);
});

describe('delta aggregation on /Groups when the changes outnumber the list pages', () => {
  let h: BridgeHarness;
  let store: OpenStore;
  beforeAll(async () => {
    store = (STORES[0] as [string, () => OpenStore])[1]();
    h = await startBridgeHarness({ state: store.state });
  });
  afterAll(async () => {
    await h.close();
    store.close();
  });

  it('reads the one-page list instead of 12 GETs', async () => {
    resetWithUsers(h, 1);
    const admin = apiKeyActor(h.emulator.ctx.options);
    const groups = Array.from({ length: 30 }, (_, n) => h.emulator.ctx.groups.create({ name: `Small ${n}` }, admin).id as string);
    const since = await nextWholeSecond();
    const changed = groups.filter((_, n) => n % 2 === 0).slice(0, 12);
    for (const id of changed) await store.state.recordChange('Group', id, new Date());
    h.resetRequests();
    const res = await h.scim('get', '/Groups').query({ filter: `meta.lastModified gt "${since.toISOString()}"`, excludedAttributes: 'members' }).expect(200);
    expect(idsOf(res.body)).toEqual([...changed].sort());
    const reads = h.jumpcloudRequests().map((r) => `${r.method} ${r.path} ${String(r.query.sort)}`);
    // The whole-list read sends no sort: no v2 sort key is documented, and the order is not needed.
    expect(reads).toEqual(['GET /api/v2/usergroups -id', 'GET /api/v2/usergroups undefined']);
  }, 30_000);
});
