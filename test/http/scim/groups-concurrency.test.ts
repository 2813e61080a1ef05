import type { MembershipWriteReport } from '../../../src/provider/membership-writer';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorGroup, emulatorMembers, memberListReads, patch, resetWithUsers } from './groups-fixtures';

/**
 * 50 overlapping membership PATCHes at one group, from three clients' dialects, fired together.
 * Each PATCH adds its own 2 users and removes its own 1 initial member (no user is both added and
 * removed), so the only right final membership is (initial ∪ adds) \ removes, whatever the order:
 * a read-modify-write of the member list would lose updates here.
 */
describe('SCIM Groups: concurrent membership PATCHes', () => {
  let h: BridgeHarness;
  const reports: MembershipWriteReport[] = [];

  beforeAll(async () => {
    h = await startBridgeHarness({ onMembershipWrite: (report) => reports.push(report) });
  });
  afterAll(() => h.close());

  it('ends with exactly the union of the adds minus the removes', async () => {
    const users = resetWithUsers(h, 200);
    const initial = users.slice(0, 60);
    const group = emulatorGroup(h, { name: 'Contended' }, initial);
    h.resetRequests();
    const adds: string[] = [];
    const removes: string[] = [];
    const bodies = Array.from({ length: 50 }, (_, i) => {
      const add = users.slice(100 + 2 * i, 102 + 2 * i);
      const remove = initial[i] as string;
      adds.push(...add);
      removes.push(remove);
      switch (i % 3) {
        case 0: // SailPoint
          return patch({ op: 'add', path: 'members', value: add.map((value) => ({ value })) }, { op: 'remove', path: `members[value eq "${remove}"]` });
        case 1: // Entra without the flag
          return patch({ op: 'Add', path: 'members', value: add.map((value) => ({ value })) }, { op: 'Remove', path: 'members', value: [{ value: remove }] });
        default: // Okta
          return patch({ op: 'remove', path: `members[value eq "${remove}"]` }, { op: 'add', path: 'members', value: add.map((value) => ({ value, display: 'ignored' })) });
      }
    });
    const answers = await Promise.all(bodies.map((body) => h.scim('patch', `/Groups/${group}`).send(body)));
    expect(answers.map((res) => res.status)).toEqual(bodies.map(() => 204));

    const expected = [...new Set([...initial, ...adds])].filter((id) => !removes.includes(id)).sort();
    expect(await emulatorMembers(h, group)).toEqual(expected);
    expect(memberListReads(h)).toBe(0);
    // Each request stayed within the org's concurrency limit, and the limit was really used.
    expect(reports).toHaveLength(50);
    for (const report of reports) {
      expect(report.operations).toBe(3);
      expect(report.peakConcurrency).toBeLessThanOrEqual(report.concurrencyLimit);
    }
    expect(Math.max(...reports.map((r) => r.peakConcurrency))).toBe(3);
  });
});
