import type { AuditRecord } from '../../../src/lifecycle/audit-record';
import type { EmulatorOptionsFile } from '../../../emulator/option-switches';
import { consoleAdmin, startFeedHarness, type FeedHarness } from './feed-harness';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Directory Insights switched off in the emulator: `auto` falls back to the scan, which finds the
 * same changes. `emulatorOptions`: the switch matrix (test/matrix) runs the suite under every switch.
 */
export function describeReconciliationScan(label: string, emulatorOptions: EmulatorOptionsFile = {}): void {
  describe(`change feed: reconciliation scan (Directory Insights unavailable)${label}`, () => {
    let f: FeedHarness;
    beforeEach(async () => {
      f = await startFeedHarness({ emulatorOptions });
      await f.emulator('patch', '/__emulator/options').send({ directoryInsightsEnabled: false }).expect(200);
    });
    afterEach(() => f.close());

    const records = async (type: AuditRecord['type']) => (await f.audit.query({ type, limit: 1000 })).records;
    const run = () => f.service.built.feed.runOnce();

    it('auto falls back to the scan on 403, says so in its status, and the first scan is a baseline', async () => {
      await f.createUser('base@example.com');
      const result = await run();
      expect(result).toMatchObject({ feed: 'scan', scan: { users: 1, baseline: true, changed: 0 } });
      expect(f.service.built.feed.status()).toMatchObject({ configuredMode: 'auto', mode: 'scan', consecutiveFailures: 0, fallbackReason: expect.stringContaining('HTTP 403') });
      const ready = await f.admin('/readyz').expect(200);
      expect(ready.body.changefeed).toMatchObject({ mode: 'scan', lagSeconds: expect.any(Number) });
    });

    it('detects a console change (drift, lastModified = when seen), not the bridge\'s own, and closes drift on a bridge write', async () => {
      const id = await f.createUser('scan@example.com');
      const mine = await f.createUser('mine@example.com');
      await run();
      await f.consoleUpdate(id, { firstname: 'Changed' });
      await f.h.scim('patch', `/Users/${mine}`).send({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Boss' }] }).expect(200);
      const before = new Date().toISOString();
      const result = await run();
      expect(result).toMatchObject({ feed: 'scan', scan: { changed: 2, baseline: false } });
      const drift = await records('drift');
      expect(drift.map((r) => [r.scimId, r.changes, r.observed])).toEqual([[id, [{ attribute: 'name.givenName', jumpcloudField: 'firstname', before: 'Ada', after: 'Changed' }], { source: 'reconciliation_scan' }]]);
      expect(((await f.state.get('User', id))?.lastModified ?? '') >= before).toBe(true);
      expect(await f.service.openDrift()).toBe(1);
      // SailPoint overwrites it: the next scan sees the bridge's write and closes the drift.
      await f.h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Ada' }] }).expect(200);
      await run();
      expect(await f.service.openDrift()).toBe(0);
      expect(await records('drift')).toHaveLength(1);
      // Nothing changed: nothing recorded.
      expect(await run()).toMatchObject({ scan: { changed: 0, deleted: 0 } });
    });

    it('detects console deletes, activations and membership changes', async () => {
      const gone = await f.createUser('gone@example.com');
      const pending = await f.createUser('pending@example.com');
      const member = await f.createUser('member@example.com');
      const group = await f.h.scim('post', '/Groups').send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Ops' }).expect(201);
      const groupId = (group.body as { id: string }).id;
      await run();
      await f.emulator('delete', `/__emulator/users/${gone}/console`).expect(200);
      await f.emulator('post', `/__emulator/users/${pending}/first-login`).send({ password: 'Correct-Horse-Battery-1' }).expect(200);
      f.h.emulator.ctx.groups.addMember(groupId, member, consoleAdmin(f.h));
      await run();
      expect((await records('external_delete')).map((r) => r.scimId)).toEqual([gone]);
      expect((await records('activated')).map((r) => r.scimId)).toEqual([pending]);
      const drift = await records('drift');
      expect(drift.map((r) => [r.resourceType, r.scimId, r.changes])).toEqual([['Group', groupId, [{ attribute: 'members', jumpcloudField: 'members', after: member }]]]);
      expect(await f.state.get('User', member)).toBeDefined();
      expect(await f.state.get('User', gone)).toBeUndefined();
    });
  });
}
