import request from 'supertest';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorGroup, patch, resetWithUsers } from './groups-fixtures';

const ROUNDS = 20;

/**
 * Issue 12, finding 4, for groups: JumpCloud's group PUT replaces the record, and the bridge keeps
 * `externalId` in the `description` it merges with the admin's text (group-external-id.ts), so
 * two attribute PATCHes at once on one group lose one of them unless writes to it are serialised.
 */
describe('concurrent attribute writes to one group', () => {
  jest.setTimeout(60_000);
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());

  it(`keeps both the new displayName and the new externalId of two simultaneous PATCHes, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    resetWithUsers(h, 0);
    // Every JumpCloud call is slow, so that the two read-merge-PUTs always overlap.
    await request(h.emulator.url).put('/__emulator/faults').set('x-api-key', h.emulator.ctx.options.apiKey).send([{ latencyMs: 15, path: '/api/' }]).expect(200);
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = emulatorGroup(h, { name: `Team ${round}`, description: 'Kept by the admin' });
      const answers = await Promise.all([
        h.scim('patch', `/Groups/${id}`).send(patch({ op: 'replace', path: 'displayName', value: `Renamed ${round}` })),
        h.scim('patch', `/Groups/${id}`).send(patch({ op: 'replace', path: 'externalId', value: `ext-${round}` })),
      ]);
      expect(answers.map((res) => res.status)).toEqual([204, 204]);
      const group = await h.scim('get', `/Groups/${id}`).expect(200);
      expect({ round, displayName: group.body.displayName, externalId: group.body.externalId }).toEqual({ round, displayName: `Renamed ${round}`, externalId: `ext-${round}` });
      expect(h.emulator.ctx.groups.get(id)?.description).toMatch(/^Kept by the admin\n/);
    }
  });
});
