import { apiKeyActor, consoleActor } from '../../../emulator/default-options';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { MemoryStateStore } from '../../../src/state/memory-state-store';
import { idsOf, nextWholeSecond } from './delta-support';

type Resource = { id: string; displayName?: string; groups?: { value: string; display?: string }[] };

/**
 * Sort keys no JumpCloud spec names (`unconfirmedSort`: every v2 sort, v1 keys but `_id`) may be
 * honoured, ignored (default order) or refused (400). Over more than one page of users and of
 * groups, the bridge must answer the same under each: delta aggregation of users and groups,
 * group lookups by name, and User.groups.
 */
describe.each(['honour', 'ignore', 'refuse'] as const)('when JumpCloud meets an unconfirmed sort with "%s"', (unconfirmedSort) => {
  let h: BridgeHarness;
  let state: MemoryStateStore;
  let since: Date;
  let oldUsers: string[];
  let groupIds: Map<string, string>;
  let newUsers: string[];
  let newGroups: string[];

  beforeAll(async () => {
    state = new MemoryStateStore();
    h = await startBridgeHarness({ state, emulatorOptions: { unconfirmedSort }, env: { SCIM_MAX_PAGE_SIZE: '5000' } });
    h.emulator.ctx.reset();
    h.emulator.ctx.seed({ generate: { users: 130 } });
    oldUsers = h.emulator.ctx.users.idsInOrder(0, 130);
    const admin = apiKeyActor(h.emulator.ctx.options);
    const names = [...Array.from({ length: 130 }, (_, n) => `Team ${String(n).padStart(4, '0')}`), '***', 'R&D (EU)'];
    groupIds = new Map(names.map((name) => [name, h.emulator.ctx.groups.create({ name }, admin).id as string]));
    for (const name of ['Team 0125', '***']) h.emulator.ctx.groups.addMember(groupIds.get(name) as string, oldUsers[0] as string, admin);
    since = await nextWholeSecond();
    const console = consoleActor(h.emulator.ctx.options);
    newUsers = Array.from({ length: 105 }, (_, n) => h.emulator.ctx.users.create({ username: `fresh${n}`, email: `fresh${n}@example.com` }, console)._id as string);
    // A group's meta.created is its ObjectId's whole second: make the new ones in a later second than the bound.
    await nextWholeSecond();
    newGroups = ['New 1', 'New 2', 'New 3'].map((name) => h.emulator.ctx.groups.create({ name }, console).id as string);
    for (const id of [oldUsers[3], oldUsers[77]] as string[]) await state.recordChange('User', id, new Date());
    for (const name of ['Team 0005', 'Team 0099']) await state.recordChange('Group', groupIds.get(name) as string, new Date());
  }, 60_000);
  afterAll(() => h.close());

  const list = async (path: string, query: Record<string, string | number>) => (await h.scim('get', path).query({ count: 5000, ...query }).expect(200)).body as { Resources?: Resource[] };

  it('delta aggregation of users: exactly the users created or changed since', async () => {
    const body = await list('/Users', { filter: `meta.lastModified gt "${since.toISOString()}"`, excludedAttributes: 'groups' });
    expect(idsOf(body)).toEqual([...newUsers, oldUsers[3], oldUsers[77]].sort());
  });

  it('delta aggregation of groups: exactly the groups created or changed since', async () => {
    const body = await list('/Groups', { filter: `meta.lastModified gt "${since.toISOString()}"`, excludedAttributes: 'members' });
    expect(idsOf(body)).toEqual([...newGroups, groupIds.get('Team 0005'), groupIds.get('Team 0099')].sort());
  });

  it.each(['Team 0120', '***', 'r&d (eu)', 'New 2'])('a group lookup by name (%s) finds exactly that group', async (name) => {
    const body = await list('/Groups', { filter: `displayName eq ${JSON.stringify(name)}`, excludedAttributes: 'members' });
    const wanted = [...groupIds.entries(), ...newGroups.map((id, n) => [`New ${n + 1}`, id] as const)].find(([key]) => key.toLowerCase() === name.toLowerCase());
    expect(idsOf(body)).toEqual([wanted?.[1]]);
  });

  it('User.groups names groups beyond the first page of the group list', async () => {
    const user = (await h.scim('get', `/Users/${oldUsers[0]}`).expect(200)).body as Resource;
    const named = (user.groups ?? []).map((group) => [group.value, group.display]);
    expect(named).toEqual(expect.arrayContaining([[groupIds.get('Team 0125'), 'Team 0125'], [groupIds.get('***'), '***']]));
  });

  it('pages through every group without skipping or repeating one', async () => {
    const body = await list('/Groups', { excludedAttributes: 'members' });
    const ids = idsOf(body);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(h.emulator.ctx.groups.count());
  });
});
