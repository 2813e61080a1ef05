import { apiKeyActor } from '../../emulator/default-options';
import { startFeedHarness, type FeedHarness } from './support/feed-harness';

/**
 * The reconciliation scan pages through every user and group. v1 `sort=_id` is documented; no v2
 * sort key is (`unconfirmedSort`): whether JumpCloud honours, ignores or refuses one, the scan
 * must list every group once, over more than one page.
 */
describe.each(['honour', 'ignore', 'refuse'] as const)('reconciliation scan listing when an unconfirmed sort meets "%s"', (unconfirmedSort) => {
  let f: FeedHarness;
  beforeEach(async () => {
    f = await startFeedHarness();
    await f.emulator('patch', '/__emulator/options').send({ directoryInsightsEnabled: false, unconfirmedSort }).expect(200);
  });
  afterEach(() => f.close());

  it('lists every user and every group exactly once', async () => {
    f.h.emulator.ctx.seed({ generate: { users: 120 } });
    const admin = apiKeyActor(f.h.emulator.ctx.options);
    for (let n = 0; n < 130; n += 1) f.h.emulator.ctx.groups.create({ name: `Scan ${String(n).padStart(3, '0')}` }, admin);
    const result = await f.service.built.feed.runOnce();
    expect(result).toMatchObject({ feed: 'scan', scan: { users: f.h.emulator.ctx.users.count(), groups: f.h.emulator.ctx.groups.count(), baseline: true } });
    const groupLists = f.h.emulator.ctx.requests.list().filter((r) => r.path === '/api/v2/usergroups');
    expect(groupLists.every((r) => r.status === 200)).toBe(true);
  }, 30_000);
});
