import type { AuditRecord } from '../../../src/lifecycle/audit-record';
import type { EmulatorOptionsFile } from '../../../emulator/option-switches';
import { consoleAdmin, startFeedHarness, type FeedHarness } from './feed-harness';

const CORE = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * The Directory Insights feed against the emulator: lastModified, origin, drift and its closing.
 * `emulatorOptions`: the switch matrix (test/matrix) runs the same suite under every switch.
 */
export function describeInsightsFeed(label: string, emulatorOptions: EmulatorOptionsFile = {}): void {
  describe(`change feed: Directory Insights${label}`, () => {
    let f: FeedHarness;
    beforeEach(async () => {
      f = await startFeedHarness({ emulatorOptions });
    });
    afterEach(() => f.close());

    const records = async (type: AuditRecord['type']) => (await f.audit.query({ type, limit: 1000 })).records;
    const poll = () => f.service.built.poller.pollOnce();
    /** The time Directory Insights gave the newest event about `id`. */
    const lastEventTime = async (id: string): Promise<string> => {
      const res = await f.emulator('post', '/insights/directory/v1/events').send({ service: ['directory'], start_time: '2020-01-01T00:00:00Z', sort: 'DESC', limit: 100 });
      const event = (res.body as { timestamp: string; resource?: { id: string } }[]).find((e) => e.resource?.id === id);
      if (!event) throw new Error(`no event about ${id}`);
      return event.timestamp;
    };

    it('a console change to a mapped attribute is drift (who, SCIM name and JumpCloud field, from, to) and sets meta.lastModified', async () => {
      const id = await f.createUser('ada@example.com');
      await poll();
      expect(await records('drift')).toEqual([]);
      await f.consoleUpdate(id, { firstname: 'Augusta', department: 'Analytics' });
      const result = await poll();
      expect(result.applied).toBeGreaterThan(0);
      const at = await lastEventTime(id);
      expect(await f.state.get('User', id)).toEqual({ lastModified: at });
      const [drift, ...more] = await records('drift');
      expect(more).toEqual([]);
      expect(drift).toMatchObject({
        type: 'drift',
        outcome: 'succeeded',
        resourceType: 'User',
        scimId: id,
        userName: 'ada@example.com',
        time: at,
        jumpcloudCalls: [],
        observed: { source: 'directory_insights', eventType: 'user_update', authMethod: 'session', initiatedBy: { type: 'admin', email: 'console.admin@example.com' } },
      });
      expect(drift?.changes).toEqual([
        { attribute: 'name.givenName', jumpcloudField: 'firstname', before: 'Ada', after: 'Augusta' },
        { attribute: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', jumpcloudField: 'department', after: 'Analytics' },
      ]);
      expect(await f.service.openDrift()).toBe(2);
      // The SCIM read serves the same truthful time.
      const read = await f.h.scim('get', `/Users/${id}`).expect(200);
      expect(read.body.meta.lastModified).toBe(at);
    });

    it('a change the bridge made itself is not drift, and a bridge write of a drifted attribute closes its drift', async () => {
      const id = await f.createUser('grace@example.com');
      await f.consoleUpdate(id, { firstname: 'Amazing', jobTitle: 'Rear Admiral' });
      await poll();
      expect(await f.service.openDrift()).toBe(2);
      // SailPoint overwrites the given name only.
      await f.h.scim('patch', `/Users/${id}`).send({ schemas: [CORE], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Grace' }] }).expect(200);
      await poll();
      expect(await records('drift')).toHaveLength(1);
      const open = await f.service.drift.list();
      expect(open.drift.map((d) => [d.attribute, d.from, d.to])).toEqual([['title', undefined, 'Rear Admiral']]);
      expect(open.drift[0]).toMatchObject({ resourceType: 'User', resourceId: id, jumpcloudField: 'jobTitle', source: 'directory_insights', initiatedBy: { email: 'console.admin@example.com', authMethod: 'session' } });
      // A bridge-only history: no drift at all.
      const other = await f.createUser('other@example.com');
      await f.h.scim('patch', `/Users/${other}`).send({ schemas: [CORE], Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }] }).expect(200);
      await poll();
      expect((await records('drift')).filter((r) => r.scimId === other)).toEqual([]);
      expect(await f.state.get('User', other)).toBeDefined();
    });

    it('a console change put back to the bridge value closes the drift (reverted), a second change keeps the original "from"', async () => {
      const id = await f.createUser('kay@example.com');
      await f.consoleUpdate(id, { lastname: 'First' });
      await f.consoleUpdate(id, { lastname: 'Second' });
      await poll();
      const [open] = (await f.service.drift.list()).drift;
      expect([open?.from, open?.to]).toEqual(['Lovelace', 'Second']);
      await f.consoleUpdate(id, { lastname: 'Lovelace' });
      await poll();
      expect(await f.service.openDrift()).toBe(0);
      expect(await records('drift')).toHaveLength(3);
    });

    it('a user deleted in the console is external_delete (state forgotten, drift closed); a SCIM delete is not', async () => {
      const gone = await f.createUser('gone@example.com');
      const leaver = await f.createUser('leaver@example.com');
      await f.consoleUpdate(gone, { firstname: 'X' });
      await poll();
      await f.emulator('delete', `/__emulator/users/${gone}/console`).expect(200);
      await f.h.scim('delete', `/Users/${leaver}`).expect(204);
      await poll();
      const deletes = await records('external_delete');
      expect(deletes.map((r) => [r.scimId, r.userName, r.observed?.authMethod])).toEqual([[gone, 'gone@example.com', 'session']]);
      expect(await f.state.get('User', gone)).toBeUndefined();
      expect(await f.service.openDrift()).toBe(0);
    });

    it('a password-pending user who logs in for the first time is activated once, and leaves /admin/pending-activations', async () => {
      const id = await f.createUser('newbie@example.com');
      const before = await f.h.admin('get', '/admin/pending-activations').expect(200);
      expect(before.body.pendingActivations.map((p: { id: string }) => p.id)).toEqual([id]);
      await f.emulator('post', `/__emulator/users/${id}/first-login`).send({ password: 'Correct-Horse-Battery-1' }).expect(200);
      await poll();
      const activated = await records('activated');
      expect(activated.map((r) => [r.scimId, r.observed?.initiatedBy?.type])).toEqual([[id, 'user']]);
      // The user's own password is not drift (not a mapped attribute).
      expect(await records('drift')).toEqual([]);
      const after = await f.h.admin('get', '/admin/pending-activations').expect(200);
      expect(after.body.pendingActivations).toEqual([]);
    });

    it('a membership change in the console is drift on the group and changes both lastModified times; a SCIM one closes it', async () => {
      const user = await f.createUser('member@example.com');
      const group = await f.h.scim('post', '/Groups').send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineers' }).expect(201);
      const groupId = (group.body as { id: string }).id;
      await poll();
      f.h.emulator.ctx.groups.addMember(groupId, user, consoleAdmin(f.h));
      await poll();
      const [drift] = await records('drift');
      expect(drift).toMatchObject({ resourceType: 'Group', scimId: groupId, displayName: 'Engineers', changes: [{ attribute: 'members', jumpcloudField: 'members', after: user }] });
      const groupTime = (await f.state.get('Group', groupId))?.lastModified;
      expect(groupTime).toBeDefined();
      expect((await f.state.get('User', user))?.lastModified).toBe(groupTime);
      await f.h.scim('patch', `/Groups/${groupId}`).send({ schemas: [CORE], Operations: [{ op: 'remove', path: `members[value eq "${user}"]` }] }).expect(204);
      await poll();
      expect(await f.service.openDrift()).toBe(0);
    });
  });
}
