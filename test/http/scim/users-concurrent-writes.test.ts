import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import defaultMapping from '../../../src/mapping/default.mapping.json';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { PATCH_OP, createThroughBridge, emulatorCall, jumpcloudUser, resetEmulator, scimUser } from './scim-users.fixtures';

const CUSTOM = 'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User';
const ROUNDS = 20;
/** Every JumpCloud call takes this long, so that two writes' read-merge-PUTs always overlap. */
const LATENCY_MS = 15;

/** An admin's mapping: the default one plus two JumpCloud custom attributes. */
const MAPPING = {
  ...defaultMapping,
  customAttributes: [
    { name: 'badgeNumber', type: 'string' },
    { name: 'costCode', type: 'string' },
  ],
};

const patch = (...operations: Record<string, unknown>[]) => ({ schemas: [PATCH_OP], Operations: operations });

/** A JumpCloud user's custom attributes as name -> value, without the item ids JumpCloud issues. */
function customAttributes(user: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(((user?.attributes ?? []) as { name: string; value: unknown }[]).map(({ name, value }) => [name, value]));
}

/**
 * Issue 12, finding 4: a PATCH reads the user, merges, and PUTs whole arrays back (JumpCloud
 * replaces `phoneNumbers`, `addresses` and `attributes` on PUT), so two writes to one user at once
 * lose one of them unless the bridge serialises writes per resource. Different users must still
 * be written in parallel.
 */
describe('concurrent writes to one user', () => {
  // 20 rounds of writes on a deliberately slow JumpCloud: more than the default 20 s on a busy CI machine.
  jest.setTimeout(60_000);
  let h: BridgeHarness;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scim-concurrent-'));
    const mappingFile = join(dir, 'mapping.json');
    writeFileSync(mappingFile, JSON.stringify(MAPPING));
    h = await startBridgeHarness({ env: { MAPPING_FILE: mappingFile, LEAVER_POLICY: 'suspend' } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** Every JumpCloud call waits `latencyMs` (replacing any rule set before). */
  const slowJumpCloud = (latencyMs: number) => emulatorCall(h, 'put', '/__emulator/faults').send([{ latencyMs, path: '/api/' }]).expect(200);
  beforeEach(async () => {
    resetEmulator(h);
    await slowJumpCloud(LATENCY_MS);
  });

  it(`keeps both phones of two simultaneous PATCHes, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const user = await createThroughBridge(h, scimUser(`phones${round}`));
      const [work, mobile] = await Promise.all([
        h.scim('patch', `/Users/${user.id}`).send(patch({ op: 'add', path: 'phoneNumbers', value: [{ value: '+1 555 0100', type: 'work' }] })),
        h.scim('patch', `/Users/${user.id}`).send(patch({ op: 'add', path: 'phoneNumbers', value: [{ value: '+1 555 0199', type: 'mobile' }] })),
      ]);
      expect([work.status, mobile.status]).toEqual([200, 200]);
      const phones = ((jumpcloudUser(h, user.id)?.phoneNumbers ?? []) as { type: string; number: string }[]).map(({ type, number }) => `${type} ${number}`).sort();
      expect({ round, phones }).toEqual({ round, phones: ['mobile +1 555 0199', 'work +1 555 0100'] });
    }
  });

  it(`keeps both custom attributes of two simultaneous PATCHes, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const user = await createThroughBridge(h, scimUser(`custom${round}`));
      const [badge, cost] = await Promise.all([
        h.scim('patch', `/Users/${user.id}`).send(patch({ op: 'add', path: `${CUSTOM}:badgeNumber`, value: `B${round}` })),
        h.scim('patch', `/Users/${user.id}`).send(patch({ op: 'add', path: `${CUSTOM}:costCode`, value: `C${round}` })),
      ]);
      expect([badge.status, cost.status]).toEqual([200, 200]);
      expect({ round, attributes: customAttributes(jumpcloudUser(h, user.id)) }).toMatchObject({ round, attributes: { badgeNumber: `B${round}`, costCode: `C${round}` } });
    }
  });

  it(`never resurrects a user whose DELETE (LEAVER_POLICY=suspend) raced a PATCH, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const user = await createThroughBridge(h, scimUser(`leaver${round}`, { active: true }));
      const [patched, deleted] = await Promise.all([
        // A custom attribute: its PUT sends the whole `attributes` array, the deleted marker's too.
        h.scim('patch', `/Users/${user.id}`).send(patch({ op: 'add', path: `${CUSTOM}:badgeNumber`, value: `B${round}` })),
        h.scim('delete', `/Users/${user.id}`),
      ]);
      expect(deleted.status).toBe(204);
      // The PATCH ran before the DELETE (200) or found the user gone (404): never in between.
      expect([200, 404]).toContain(patched.status);
      const kept = jumpcloudUser(h, user.id);
      expect({ round, state: kept?.state, marked: 'scimBridgeDeleted' in customAttributes(kept) }).toEqual({ round, state: 'SUSPENDED', marked: true });
      await h.scim('get', `/Users/${user.id}`).expect(404);
    }
  });

  it('still writes different users in parallel, and one user one write at a time', async () => {
    const [a, b] = [await createThroughBridge(h, scimUser('alpha')), await createThroughBridge(h, scimUser('bravo'))];
    const title = (id: string, value: string) => h.scim('patch', `/Users/${id}`).send(patch({ op: 'replace', path: 'title', value }));
    // Slow JumpCloud, so that the time of one PATCH dwarfs the test's own overhead.
    await slowJumpCloud(150);
    const timed = async (work: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    // Warm up first: the first PATCH also fills lookups later ones reuse.
    await Promise.all([title(a.id, 'warm').expect(200), title(b.id, 'warm').expect(200)]);
    const one = await timed(() => title(a.id, 'solo').expect(200));
    const twoUsers = await timed(() => Promise.all([title(a.id, 'a1').expect(200), title(b.id, 'b1').expect(200)]));
    const oneUser = await timed(() => Promise.all([title(a.id, 'a2').expect(200), title(a.id, 'a3').expect(200)]));
    // Two users overlap (about one PATCH's time); two writes to one user queue (about two).
    expect(twoUsers).toBeLessThan(one * 1.5);
    expect(oneUser).toBeGreaterThanOrEqual(one * 1.7);
  });
});
