import { consoleAdmin, startFeedHarness, type FeedHarness } from '../../changefeed/support/feed-harness';
import { PATCH_OP } from './scim-users.fixtures';
import { idsOf, nextWholeSecond, requestCounts } from './delta-support';

/**
 * End to end with the change feed: changes made in the JumpCloud console reach the state store
 * through Directory Insights, and SailPoint's next delta aggregation finds them (with the
 * bridge's own changes), at the cost of the changes, with the event times as meta.lastModified.
 */
describe('delta aggregation fed by Directory Insights', () => {
  let f: FeedHarness;
  beforeAll(async () => {
    f = await startFeedHarness();
  });
  afterAll(() => f.close());

  it('finds console changes (membership too), console creates and bridge changes; leaves out console deletes and older changes', async () => {
    const ctx = f.h.emulator.ctx;
    ctx.seed({ generate: { users: 2_000 } });
    const ids = ctx.users.idsInOrder(0, 2_000);
    const older = ids[1] as string;
    await f.consoleUpdate(older, { jobTitle: 'Before the delta' });
    await f.service.built.poller.pollOnce();
    const since = await nextWholeSecond();

    const consoleChanged = [ids[10], ids[500], ids[1_999]] as string[];
    for (const id of consoleChanged) await f.consoleUpdate(id, { department: 'Changed in the console' });
    const consoleCreated = (await f.emulator('post', '/__emulator/users/console').send({ username: 'consolenew', email: 'consolenew@example.com' }).expect(200)).body._id as string;
    const deleted = ids[42] as string;
    await f.consoleUpdate(deleted, { department: 'About to leave' });
    await f.emulator('delete', `/__emulator/users/${deleted}/console`).expect(200);
    const bridgeChanged = ids[700] as string;
    await f.h.scim('patch', `/Users/${bridgeChanged}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Changed through the bridge' }] }).expect(200);
    // A console membership change: the group changed, and so did the member's `groups`.
    const group = ctx.groups.create({ name: 'Console team' }, consoleAdmin(f.h)).id as string;
    await f.service.built.poller.pollOnce();
    ctx.groups.addMember(group, ids[3] as string, consoleAdmin(f.h));
    await f.service.built.poller.pollOnce();

    f.h.resetRequests();
    const res = await f.h.scim('get', '/Users').query({ filter: `meta.lastModified gt "${since.toISOString().replace('.000Z', 'Z')}"`, count: 100 }).expect(200);
    const cost = requestCounts(f.h);
    const expected = [...consoleChanged, consoleCreated, bridgeChanged, ids[3] as string].sort();
    expect(idsOf(res.body)).toEqual(expected);
    expect(cost.userReads).toBe(2);
    for (const resource of res.body.Resources as { id: string; meta: { lastModified: string } }[]) {
      expect(resource.meta.lastModified).toBe((await f.state.get('User', resource.id))?.lastModified);
    }
    expect(idsOf(res.body)).not.toContain(older);
    expect(idsOf(res.body)).not.toContain(deleted);

    const groups = await f.h.scim('get', '/Groups').query({ filter: `meta.lastModified gt "${since.toISOString()}"`, excludedAttributes: 'members' }).expect(200);
    expect(idsOf(groups.body)).toContain(group);
  }, 60_000);
});
