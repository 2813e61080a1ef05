import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ENTERPRISE, PATCH_OP, createThroughBridge, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

/** The JumpCloud writes since the last reset, without their (empty) query unless asked. */
const writes = (h: BridgeHarness) => jumpcloudWrites(h).map(({ method, path }) => `${method} ${path}`);

/** LEAVER_POLICY: what DELETE /Users/{id} does in JumpCloud, and how it is journaled. */

/** A JumpCloud user's custom attributes without the item ids JumpCloud issues anew on every write. */
function customAttributes(user: Record<string, unknown> | undefined): { name: string; value: unknown }[] {
  return ((user?.attributes ?? []) as { name: string; value: unknown }[]).map(({ name, value }) => ({ name, value }));
}
describe('leaver policy', () => {
  describe('LEAVER_POLICY=delete (default)', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness();
    });
    afterAll(() => h.close());
    beforeEach(() => resetEmulator(h));

    it('deletes a manager in one call with cascade_manager=null: the reports lose their manager, nobody gets a 409', async () => {
      const boss = await createThroughBridge(h, scimUser('boss'));
      const report = await createThroughBridge(h, scimUser('report', { [ENTERPRISE]: { manager: { value: boss.id } } }));
      h.resetRequests();
      await h.scim('delete', `/Users/${boss.id}`).expect(204);
      const sent = jumpcloudWrites(h);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ method: 'DELETE', path: `/api/systemusers/${boss.id}`, query: { cascade_manager: 'null' } });
      expect(jumpcloudUser(h, boss.id)).toBeUndefined();
      expect(jumpcloudUser(h, report.id)?.manager).toBe('');
      const [record] = (await h.audit.query({ type: 'delete' })).records;
      expect(record).toMatchObject({ outcome: 'succeeded', scimId: boss.id, userName: 'boss@example.com', jumpcloudCalls: [{ method: 'DELETE', route: '/api/systemusers/{id}', status: 200, attempt: 1 }] });
      expect(record).not.toHaveProperty('changes');
    });
  });

  describe('LEAVER_POLICY=suspend', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness({ env: { LEAVER_POLICY: 'suspend' } });
    });
    afterAll(() => h.close());
    beforeEach(() => resetEmulator(h));

    it('keeps the account SUSPENDED and marked, sends no DELETE, answers 204, and journals what happened', async () => {
      const created = await createThroughBridge(h, scimUser('kept', { active: true, title: 'Clerk' }));
      h.resetRequests();
      const res = await h.scim('delete', `/Users/${created.id}`).expect(204);
      expect(res.text).toBe('');
      expect(writes(h)).toEqual([`PUT /api/systemusers/${created.id}`]);
      const kept = jumpcloudUser(h, created.id);
      expect(kept).toMatchObject({ state: 'SUSPENDED', suspended: true, jobTitle: 'Clerk' });
      expect(customAttributes(kept)).toContainEqual({ name: 'scimBridgeDeleted', value: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      const [record] = (await h.audit.query({ type: 'delete' })).records;
      expect(record).toMatchObject({
        outcome: 'succeeded',
        scimId: created.id,
        userName: 'kept@example.com',
        changes: [{ attribute: 'active', before: true, after: false }],
        jumpcloudCalls: [
          { method: 'GET', route: '/api/systemusers/{id}', status: 200, attempt: 1 },
          { method: 'PUT', route: '/api/systemusers/{id}', status: 200, attempt: 1 },
        ],
      });
    });

    it('keeps the other custom attributes (JumpCloud replaces the array on PUT)', async () => {
      const created = await createThroughBridge(h, scimUser('Mixed.Case'));
      const before = customAttributes(jumpcloudUser(h, created.id));
      expect(before).toEqual([{ name: 'scimUserName', value: 'Mixed.Case@example.com' }]);
      await h.scim('delete', `/Users/${created.id}`).expect(204);
      expect(customAttributes(jumpcloudUser(h, created.id))).toEqual([...before, { name: 'scimBridgeDeleted', value: expect.any(String) }]);
    });

    it('is gone for SCIM afterwards (RFC 7644 §3.6): 404 on every operation, absent from every list and filter', async () => {
      const gone = await createThroughBridge(h, scimUser('gone'));
      const stays = await createThroughBridge(h, scimUser('stays'));
      await h.scim('delete', `/Users/${gone.id}`).expect(204);
      await h.scim('get', `/Users/${gone.id}`).expect(404);
      await h.scim('put', `/Users/${gone.id}`).send(scimUser('gone')).expect(404);
      await h.scim('patch', `/Users/${gone.id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }).expect(404);
      await h.scim('delete', `/Users/${gone.id}`).expect(404);
      const all = await h.scim('get', '/Users').expect(200);
      expect(all.body.totalResults).toBe(1);
      expect(all.body.Resources.map((r: { id: string }) => r.id)).toEqual([stays.id]);
      const paged = await h.scim('get', '/Users').query({ count: 1, startIndex: 1 }).expect(200);
      expect(paged.body).toMatchObject({ totalResults: 1, itemsPerPage: 1 });
      for (const filter of ['userName eq "gone@example.com"', `id eq "${gone.id}"`, 'active eq false']) {
        const found = await h.scim('get', '/Users').query({ filter }).expect(200);
        expect({ filter, total: found.body.totalResults }).toEqual({ filter, total: 0 });
      }
      // JumpCloud still holds the account (and its history).
      expect(jumpcloudUser(h, gone.id)?.state).toBe('SUSPENDED');
    });

    it('suspends a manager without touching the reports (nothing is deleted, so no 409)', async () => {
      const boss = await createThroughBridge(h, scimUser('chief'));
      const report = await createThroughBridge(h, scimUser('staff', { [ENTERPRISE]: { manager: { value: boss.id } } }));
      await h.scim('delete', `/Users/${boss.id}`).expect(204);
      expect(jumpcloudUser(h, report.id)?.manager).toBe(boss.id);
      expect(jumpcloudUser(h, boss.id)?.state).toBe('SUSPENDED');
    });

    it('an already suspended user is only marked; the journal lists no change of active, and the PUT it made', async () => {
      const created = await createThroughBridge(h, scimUser('idle', { active: false }));
      h.resetRequests();
      await h.scim('delete', `/Users/${created.id}`).expect(204);
      expect(jumpcloudWrites(h).map((w) => w.body)).toEqual([
        {
          attributes: [
            { name: 'scimUserName', value: 'idle@example.com' },
            { name: 'scimBridgeDeleted', value: expect.any(String) },
          ],
        },
      ]);
      const [record] = (await h.audit.query({ type: 'delete' })).records;
      expect(record).not.toHaveProperty('changes');
      expect(record?.jumpcloudCalls.map((c) => c.method)).toEqual(['GET', 'PUT']);
    });
  });
});
