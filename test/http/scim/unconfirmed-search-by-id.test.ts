import { apiKeyActor } from '../../../emulator/default-options';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { MemoryStateStore } from '../../../src/state/memory-state-store';
import { ENTERPRISE } from './scim-users.fixtures';
import { idsOf, nextWholeSecond } from './delta-support';

type Member = { value: string; display?: string };

/**
 * `POST /search/systemusers` with `_id` in the filter is unconfirmed (`searchByObjectId`): the
 * bridge reads member names, manager names and delta changes by id, and must answer the same
 * whether the search matches ids or matches nothing.
 */
describe.each(['matches', 'matches-nothing'] as const)('reads by id when the _id search %s', (searchByObjectId) => {
  let h: BridgeHarness;
  let state: MemoryStateStore;
  let boss: string;
  let workers: string[];
  let group: string;
  const gone = 'f'.repeat(24);

  beforeAll(async () => {
    state = new MemoryStateStore();
    h = await startBridgeHarness({ state, emulatorOptions: { searchByObjectId } });
    const actor = apiKeyActor(h.emulator.ctx.options);
    boss = h.emulator.ctx.users.create({ username: 'boss', email: 'boss@example.com', firstname: 'Big', lastname: 'Boss' }, actor)._id as string;
    workers = ['ann', 'bob', 'cat'].map(
      (name) => h.emulator.ctx.users.create({ username: name, email: `${name}@example.com`, firstname: name.toUpperCase(), lastname: 'Worker', manager: boss }, actor)._id as string,
    );
    group = h.emulator.ctx.groups.create({ name: 'Workers' }, actor).id as string;
    for (const id of workers) h.emulator.ctx.groups.addMember(group, id, actor);
  });
  afterAll(() => h.close());

  it('renders every member of a group with its display name', async () => {
    const res = await h.scim('get', `/Groups/${group}`).expect(200);
    const members = (res.body.members as Member[]).map((m) => [m.value, m.display]).sort();
    expect(members).toEqual(workers.map((id, n) => [id, `${['ANN', 'BOB', 'CAT'][n]} Worker`]).sort());
  });

  it("renders each user's manager display name", async () => {
    const res = await h.scim('get', '/Users').query({ filter: 'name.familyName eq "Worker"' }).expect(200);
    for (const user of res.body.Resources as Record<string, { manager?: { value: string; displayName?: string } }>[]) {
      expect(user[ENTERPRISE]?.manager).toEqual({ value: boss, displayName: 'Big Boss' });
    }
  });

  it('delta reads find the recorded changes of existing users; a gone one is simply absent', async () => {
    const since = await nextWholeSecond();
    for (const id of [workers[0], workers[2], gone] as string[]) await state.recordChange('User', id, new Date());
    const res = await h.scim('get', '/Users').query({ filter: `meta.lastModified gt "${since.toISOString()}"` }).expect(200);
    expect(idsOf(res.body)).toEqual([workers[0], workers[2]].sort());
  });

  it('once the search is seen not to match ids, later lookups go straight to per-id reads', async () => {
    await h.scim('get', `/Groups/${group}`).expect(200);
    h.resetRequests();
    await h.scim('get', `/Groups/${group}`).expect(200);
    const requests = h.jumpcloudRequests();
    const searches = requests.filter((r) => r.path === '/api/search/systemusers').length;
    const reads = requests.filter((r) => r.method === 'GET' && /^\/api\/systemusers\/[0-9a-f]{24}$/.test(r.path)).length;
    if (searchByObjectId === 'matches') expect([searches, reads]).toEqual([1, 0]);
    else expect([searches, reads]).toEqual([0, workers.length]);
  });
});
