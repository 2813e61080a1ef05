import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorGroup, memberListReads, resetWithUsers } from './groups-fixtures';

/** Cost and memory of large reads: many groups, and one group with 20,000 members. */
describe('SCIM Groups at scale', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { SCIM_MAX_PAGE_SIZE: '1000' } });
  });
  afterAll(() => h.close());

  it('GET /Groups?excludedAttributes=members costs one JumpCloud request per 100 groups and reads no member', async () => {
    const users = resetWithUsers(h, 3);
    for (let n = 0; n < 250; n += 1) emulatorGroup(h, { name: `Team ${String(n).padStart(3, '0')}` }, users);
    h.resetRequests();
    const res = await h.scim('get', '/Groups?excludedAttributes=members&count=1000').expect(200);
    expect(res.body.totalResults).toBe(251); // with "All Users"
    expect(res.body.Resources).toHaveLength(251);
    expect(res.body.Resources.every((g: Record<string, unknown>) => g.members === undefined)).toBe(true);
    const requests = h.jumpcloudRequests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array.from({ length: 3 }, () => 'GET /api/v2/usergroups'));
    expect(memberListReads(h)).toBe(0);
  });

  it('streams a 20,000-member group in pages of 100, one name lookup per page', async () => {
    const size = 20_000;
    const users = resetWithUsers(h, size);
    const group = emulatorGroup(h, { name: 'Everyone static' }, users);
    h.resetRequests();
    const res = await h.scim('get', `/Groups/${group}`).expect(200);
    expect(res.body.members).toHaveLength(size);
    expect(res.body.members[0]).toEqual({ value: users[0], display: 'Generated User 000001', $ref: expect.stringMatching(new RegExp(`/Users/${users[0]}$`)), type: 'User' });
    expect(new Set(res.body.members.map((m: { value: string }) => m.value)).size).toBe(size);
    expect(memberListReads(h)).toBe(size / 100);
    expect(h.jumpcloudRequests().filter((r) => r.path === '/api/search/systemusers')).toHaveLength(size / 100);
    expect(h.jumpcloudRequests().every((r) => r.query.limit === undefined || Number(r.query.limit) <= 100)).toBe(true);
  }, 60_000);
});
