import { JumpCloudClient } from '../../src/jumpcloud';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { SqliteResourceObservationStore } from '../../src/state/sqlite-resource-observation-store';
import { consoleActor } from '../../emulator/default-options';
import { idsOf, nextWholeSecond } from '../http/scim/delta-support';
import spellings from './real-events-feed.cases.json';
import { consoleAdmin, startFeedHarness, type FeedHarness } from './support/feed-harness';
import { loadRealEvent, realEvent, type RealEventName } from './support/real-events';
import { ScriptedInsights } from './support/scripted-insights';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The admin who owns the API key in the fixtures. */
const KEY_ADMIN = loadRealEvent('user-update-api-key-scim-source').event.initiated_by?.id as string;
const OTHER_ADMIN = '5f00000000000000000000bb';

/**
 * The change feed against the event shapes real organisations produce (fixtures from NOTES.md
 * "Observed in real events", served by a nock Directory Insights), with the bridge's SCIM writes
 * going to the emulator and its journal: own writes whatever the key's spelling, console
 * memberships without `resource`, the key's admin learned, re-issued array item ids.
 */
describe('change feed: real Directory Insights events', () => {
  let f: FeedHarness;
  let insights: ScriptedInsights;
  beforeEach(async () => {
    insights = new ScriptedInsights();
    const feedJumpCloud = new JumpCloudClient({ region: 'us', apiKey: 'fixture-insights-key-0123', retry: { maxAttempts: 1 } });
    f = await startFeedHarness({ feedJumpCloud });
  });
  afterEach(async () => {
    await f.close();
    insights.close();
  });

  const poll = () => f.service.built.poller.pollOnce();
  const records = async (type: AuditRecord['type'], id?: string) => (await f.audit.query({ type, limit: 1000 })).records.filter((r) => id === undefined || r.scimId === id);
  const origin = async (kind: 'User' | 'Group', id: string) => (await new SqliteResourceObservationStore(f.db).get(kind, id))?.lastChange?.origin;
  /** SailPoint sets the organization (JumpCloud `company`) the fixture's update shows. */
  const setCompany = (id: string) =>
    f.h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: `${ENTERPRISE}:organization`, value: 'Example Corp' }] }).expect(200);

  describe.each(spellings)('a bridge write seen with auth_method $name', ({ authMethod, bridge }) => {
    it(bridge ? 'is the bridge’s: no drift, and its delete is no external_delete' : 'is someone else’s: drift, and external_delete', async () => {
      const id = await f.createUser('ada@example.com');
      await setCompany(id);
      insights.push(realEvent('user-update-api-key-scim-source', { resource: { id }, authMethod }));
      const applied = await poll();
      expect(applied.applied).toBe(1);
      expect(await origin('User', id)).toBe(bridge ? 'bridge' : 'external');
      expect((await records('drift', id)).map((r) => r.changes?.map((c) => c.jumpcloudField))).toEqual(bridge ? [] : [['company']]);
      expect(await f.service.openDrift()).toBe(bridge ? 0 : 1);

      await f.h.scim('delete', `/Users/${id}`).expect(204);
      insights.push(realEvent('user-delete-api-key', { resource: { id }, authMethod }));
      await poll();
      expect(await records('external_delete', id)).toHaveLength(bridge ? 0 : 1);
      expect(await f.state.get('User', id)).toBeUndefined();
    });
  });

  it('a console update (session) is someone else’s even right after a bridge write to the same user', async () => {
    const id = await f.createUser('console.target@example.com', { [ENTERPRISE]: { department: 'Marketing' } });
    insights.push(realEvent('user-update-console-session', { resource: { id } }));
    await poll();
    expect(await origin('User', id)).toBe('external');
    const [drift] = (await f.service.drift.list()).drift;
    expect(drift).toMatchObject({ resourceId: id, jumpcloudField: 'department', from: 'Marketing', to: 'Sales', initiatedBy: { type: 'admin', authMethod: 'session' } });
  });

  it('a bridge suspend seen as the real event (state AND suspended changes) is no drift; the same event from the console is one drift on active', async () => {
    const id = await f.createUser('leaver@example.com');
    await f.h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] }).expect(200);
    insights.push(realEvent('user-update-suspend', { resource: { id }, onlyFields: ['state', 'suspended'] }));
    await poll();
    expect(await records('drift', id)).toEqual([]);
    expect(await origin('User', id)).toBe('bridge');

    const outside = f.h.emulator.ctx.users.create({ username: 'outside', email: 'outside@example.com' }, consoleActor(f.h.emulator.ctx.options))._id as string;
    insights.push(realEvent('user-update-suspend', { resource: { id: outside }, authMethod: 'session', onlyFields: ['state', 'suspended'] }));
    await poll();
    const drift = await records('drift', outside);
    expect(drift.map((r) => r.changes)).toEqual([[{ attribute: 'active', jumpcloudField: 'state', before: 'ACTIVATED', after: 'SUSPENDED' }]]);
  });

  describe.each<[string, RealEventName]>([
    ['the real shape (no resource, ends with object_id)', 'association-change-user-group'],
    ['the documented shape (group as resource, ends with id)', 'association-change-documented'],
  ])('a console membership change in %s', (_shape, fixture) => {
    it('updates the group’s meta.lastModified, appears in a group delta aggregation, and is drift; SailPoint taking it back closes it', async () => {
      const user = await f.createUser('member@example.com');
      const created = await f.h.scim('post', '/Groups').send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineers' }).expect(201);
      const group = (created.body as { id: string }).id;
      await poll();
      const since = await nextWholeSecond();
      f.h.emulator.ctx.groups.addMember(group, user, consoleAdmin(f.h));
      const event = realEvent(fixture, { group: { id: group, name: 'Engineers' }, user });
      insights.push(event);
      await poll();

      const at = new Date(event.timestamp).toISOString();
      expect(await f.state.get('Group', group)).toEqual({ lastModified: at });
      expect(await f.state.get('User', user)).toEqual({ lastModified: at });
      const read = await f.h.scim('get', `/Groups/${group}`).expect(200);
      expect(read.body.meta.lastModified).toBe(at);
      const delta = await f.h.scim('get', '/Groups').query({ filter: `meta.lastModified gt "${since.toISOString()}"`, excludedAttributes: 'members' }).expect(200);
      expect(idsOf(delta.body)).toEqual([group]);
      const users = await f.h.scim('get', '/Users').query({ filter: `meta.lastModified gt "${since.toISOString()}"` }).expect(200);
      expect(idsOf(users.body)).toEqual([user]);

      const drift = await f.admin('/admin/drift').expect(200);
      expect(drift.body.drift).toEqual([
        expect.objectContaining({ resourceType: 'Group', resourceId: group, key: `members:${user}`, attribute: 'members', to: user, displayName: 'Engineers', source: 'directory_insights', initiatedBy: expect.objectContaining({ authMethod: 'session' }) }),
      ]);
      expect(await origin('Group', group)).toBe('external');

      // SailPoint removes the member again: the same shape, by the key's admin, is the bridge's own write.
      await f.h.scim('patch', `/Groups/${group}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${user}"]` }] }).expect(204);
      insights.push(realEvent(fixture, { group: { id: group, name: 'Engineers' }, user, op: 'remove', authMethod: 'api key', admin: KEY_ADMIN }));
      await poll();
      expect(await origin('Group', group)).toBe('bridge');
      expect(await f.service.openDrift()).toBe(0);
    });
  });

  it('a device bound to a user (real association_change, system <-> user) changes no group and no SCIM attribute: skipped', async () => {
    const user = await f.createUser('device.owner@example.com');
    await poll();
    const before = await f.state.get('User', user);
    const event = realEvent('association-change-device-binding', { user });
    insights.push(event);
    const result = await poll();
    expect(result.applied).toBe(1);
    expect(await f.state.get('User', user)).toEqual(before);
    const system = event.association?.connection?.from?.object_id as string;
    expect(await f.state.get('Group', system)).toBeUndefined();
    expect(await records('drift')).toEqual([]);
  });

  it('once the key’s admin is learned, another admin’s write at the time of a journaled write is external, also after a restart', async () => {
    const first = await f.createUser('first@example.com');
    await setCompany(first);
    insights.push(realEvent('user-update-api-key-scim-source', { resource: { id: first } }));
    await poll();
    expect(await origin('User', first)).toBe('bridge');

    const second = await f.createUser('second@example.com');
    await setCompany(second);
    // A second integration (another admin's key) writes the same user at the same time.
    insights.push(realEvent('user-update-api-key-scim-source', { resource: { id: second }, admin: OTHER_ADMIN }));
    await poll();
    expect(await origin('User', second)).toBe('external');
    const [drift, ...more] = await records('drift', second);
    expect(more).toEqual([]);
    expect(drift?.observed?.initiatedBy?.id).toBe(OTHER_ADMIN);

    // A restarted bridge keeps what it learned: the other admin is still someone else, the key's admin still the bridge.
    const restarted = f.restartFeed();
    const third = await f.createUser('third@example.com');
    await setCompany(third);
    insights.push(realEvent('user-update-api-key-scim-source', { resource: { id: third }, admin: OTHER_ADMIN }));
    await setCompany(first);
    insights.push(realEvent('user-update-api-key-scim-source', { resource: { id: first }, admin: KEY_ADMIN }));
    await restarted.built.poller.pollOnce();
    expect(await origin('User', third)).toBe('external');
    expect(await records('drift', third)).toHaveLength(1);
    expect(await origin('User', first)).toBe('bridge');
    expect(await records('drift', first)).toEqual([]);
  });

  it('learns the key’s admin from the page’s matches, not from a coincidence that comes first', async () => {
    const ids: string[] = [];
    for (const name of ['script.target', 'bridge.one', 'bridge.two']) {
      const id = await f.createUser(`${name}@example.com`);
      await setCompany(id);
      ids.push(id);
    }
    const [target, one, two] = ids as [string, string, string];
    const start = Date.now();
    insights.push(
      realEvent('user-update-api-key-scim-source', { resource: { id: target }, admin: OTHER_ADMIN, timestamp: new Date(start).toISOString() }),
      realEvent('user-update-api-key-scim-source', { resource: { id: one }, timestamp: new Date(start + 1).toISOString() }),
      realEvent('user-update-api-key', { resource: { id: two }, timestamp: new Date(start + 2).toISOString() }),
    );
    await poll();
    expect([await origin('User', target), await origin('User', one), await origin('User', two)]).toEqual(['external', 'bridge', 'bridge']);
    expect((await records('drift')).map((r) => r.scimId)).toEqual([target]);
  });

  it('a write that only re-issued array item ids is no drift; the real change beside it is', async () => {
    const outside = f.h.emulator.ctx.users.create({ username: 'jane.doe', email: 'jane.doe@example.com' }, consoleActor(f.h.emulator.ctx.options))._id as string;
    insights.push(realEvent('user-update-api-key-scim-source', { resource: { id: outside }, onlyFields: ['addresses'] }));
    await poll();
    expect(await f.state.get('User', outside)).toBeDefined();
    expect(await records('drift')).toEqual([]);

    insights.push(realEvent('user-update-api-key-scim-source', { resource: { id: outside } }));
    await poll();
    const open = await f.service.drift.list();
    expect(open.drift.map((d) => [d.resourceId, d.jumpcloudField])).toEqual([[outside, 'company']]);
  });
});
