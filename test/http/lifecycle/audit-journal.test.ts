import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../../src/lifecycle/audit-record';
import { SqliteAuditStore } from '../../../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase, type BridgeDatabase } from '../../../src/state/sqlite-database';
import { SqliteStateStore } from '../../../src/state/sqlite-state-store';
import { SCIM_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PENDING = 'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User:passwordPending';
const PASSWORD = 'S3cret-Passw0rd!';
const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
const call = (method: string, route: string, status: number) => ({ method, route, status, attempt: 1 });

/** What a test compares: a record without its generated id, time and request id. */
function shape(record: AuditRecord): Partial<AuditRecord> {
  const { id: _id, time: _time, requestId: _requestId, ...rest } = record;
  return rest;
}

/** Joiner -> mover -> entitlements -> leaver -> rehire -> delete over HTTP, journaled in SQLite. */
describe('the audit journal through HTTP', () => {
  let h: BridgeHarness;
  let dir: string;
  let db: BridgeDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-http-'));
    db = openBridgeDatabase(join(dir, 'bridge.db'));
    h = await startBridgeHarness({ audit: new SqliteAuditStore(db), state: new SqliteStateStore(db) });
  });
  afterAll(async () => {
    await h.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    h.emulator.ctx.reset();
    db.exec('DELETE FROM audit_event');
  });

  async function journal(): Promise<AuditRecord[]> {
    return (await h.audit.query({ limit: 1000 })).records.reverse();
  }

  it('records the exact lifecycle of one person, and never a password or token', async () => {
    const group = await h.scim('post', '/Groups').send({ schemas: [GROUP], displayName: 'Sales' }).expect(201);
    const gid = group.body.id as string;
    const created = await h
      .scim('post', '/Users')
      .set('x-request-id', 'req-joiner')
      .send({ schemas: [CORE], userName: 'ada@example.com', name: { givenName: 'Ada', familyName: 'L' }, emails: [{ value: 'ada@example.com', type: 'work', primary: true }], password: PASSWORD })
      .expect(201);
    const id = created.body.id as string;
    await h.scim('patch', `/Users/${id}`).send(patch({ op: 'replace', path: 'title', value: 'Engineer' })).expect(200);
    await h.scim('patch', `/Groups/${gid}`).send(patch({ op: 'add', path: 'members', value: [{ value: id }] })).expect(204);
    await h.scim('patch', `/Groups/${gid}`).send(patch({ op: 'remove', path: `members[value eq "${id}"]` })).expect(204);
    await h.scim('patch', `/Users/${id}`).send(patch({ op: 'replace', path: 'active', value: false })).expect(200);
    await h.scim('patch', `/Users/${id}`).send(patch({ op: 'replace', path: 'active', value: true })).expect(200);
    await h.scim('delete', `/Users/${id}`).expect(204);

    const records = await journal();
    const user = { resourceType: 'User', scimId: id, jumpcloudId: id, userName: 'ada@example.com', client: 'bearer#1', outcome: 'succeeded' };
    const onGroup = { resourceType: 'Group', scimId: gid, jumpcloudId: gid, displayName: 'Sales', client: 'bearer#1', outcome: 'succeeded', group: { id: gid, name: 'Sales' }, member: { id } };
    const readUser = [call('GET', '/api/v2/users/{user_id}/memberof', 200), call('GET', '/api/systemusers/{id}', 200)];
    expect(records.map(shape)).toEqual([
      { resourceType: 'Group', scimId: gid, jumpcloudId: gid, displayName: 'Sales', client: 'bearer#1', outcome: 'succeeded', type: 'group_create', changes: [{ attribute: 'displayName', after: 'Sales' }], jumpcloudCalls: [call('POST', '/api/v2/usergroups', 201)] },
      {
        ...user,
        type: 'joiner',
        changes: [
          { attribute: 'active', after: true },
          { attribute: 'emails', after: [{ value: 'ada@example.com', type: 'work', primary: true }] },
          { attribute: 'name.familyName', after: 'L' },
          { attribute: 'name.givenName', after: 'Ada' },
          { attribute: PENDING, after: false },
          { attribute: 'userName', after: 'ada@example.com' },
        ],
        jumpcloudCalls: [call('POST', '/api/systemusers', 200)],
      },
      { ...user, type: 'password_set', jumpcloudCalls: [call('POST', '/api/systemusers', 200)] },
      {
        ...user,
        type: 'mover',
        changes: [{ attribute: 'title', after: 'Engineer' }],
        jumpcloudCalls: [...readUser, call('GET', '/api/v2/usergroups', 200), call('PUT', '/api/systemusers/{id}', 200)],
      },
      {
        ...onGroup,
        type: 'entitlement_add',
        jumpcloudCalls: [call('GET', '/api/v2/usergroups/{id}', 200), call('POST', '/api/search/systemusers', 200), call('POST', '/api/v2/usergroups/{group_id}/members', 204)],
      },
      { ...onGroup, type: 'entitlement_remove', jumpcloudCalls: [call('GET', '/api/v2/usergroups/{id}', 200), call('POST', '/api/v2/usergroups/{group_id}/members', 204)] },
      { ...user, type: 'suspend', changes: [{ attribute: 'active', before: true, after: false }], jumpcloudCalls: [...readUser, call('PUT', '/api/systemusers/{id}', 200)] },
      { ...user, type: 'rehire', changes: [{ attribute: 'active', before: false, after: true }], jumpcloudCalls: [...readUser, call('PUT', '/api/systemusers/{id}', 200)] },
      { ...user, type: 'delete', jumpcloudCalls: [call('DELETE', '/api/systemusers/{id}', 200)] },
    ]);
    expect(records[1]?.requestId).toBe('req-joiner');
    // The person's history holds all of it, the group-side entitlements included, newest first.
    expect((await h.audit.history('User', id)).map((r) => r.type)).toEqual(['delete', 'rehire', 'suspend', 'entitlement_remove', 'entitlement_add', 'mover', 'password_set', 'joiner']);
    const text = JSON.stringify(records);
    for (const secret of [PASSWORD, SCIM_TOKEN, 'test-emulator-key-0123', 'Bearer']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"password"/);
  });

  it('journals a write JumpCloud refuses as failed, with the SCIM error the client got', async () => {
    const body = { schemas: [CORE], userName: 'bo@example.com', name: { givenName: 'Bo', familyName: 'B' }, emails: [{ value: 'bo@example.com', type: 'work', primary: true }] };
    await h.scim('post', '/Users').send(body).expect(201);
    const refused = await h.scim('post', '/Users').send(body).expect(409);
    const [, failed] = await journal();
    expect(shape(failed as AuditRecord)).toEqual({
      resourceType: 'User',
      userName: 'bo@example.com',
      client: 'bearer#1',
      type: 'joiner',
      outcome: 'failed',
      changes: expect.arrayContaining([{ attribute: 'userName', after: 'bo@example.com' }]),
      error: { status: 409, scimType: 'uniqueness', detail: refused.body.detail },
      jumpcloudCalls: [expect.objectContaining({ method: 'POST', route: '/api/systemusers', status: 400 })],
    });
    expect(await h.audit.count({ outcome: 'pending' })).toBe(0);
  });

  it('flags an interrupted write: the next write of that user names it, and it is flagged once', async () => {
    const created = await h.scim('post', '/Users').send({ schemas: [CORE], userName: 'cy@example.com', name: { givenName: 'Cy', familyName: 'C' }, emails: [{ value: 'cy@example.com', type: 'work', primary: true }] }).expect(201);
    const id = created.body.id as string;
    // What a crash leaves: an intent with no outcome, found at the next start.
    await h.audit.append([{ id: 'crashed-1', time: new Date().toISOString(), type: 'mover', outcome: 'pending', resourceType: 'User', scimId: id, jumpcloudId: id, userName: 'cy@example.com', jumpcloudCalls: [] }]);
    expect((await h.audit.markInterrupted()).map((r) => r.id)).toEqual(['crashed-1']);
    await h.scim('patch', `/Users/${id}`).set('x-request-id', 'req-after-crash').send(patch({ op: 'replace', path: 'title', value: 'CTO' })).expect(200);
    await h.scim('patch', `/Users/${id}`).send(patch({ op: 'replace', path: 'title', value: 'CEO' })).expect(200);
    const history = await h.audit.history('User', id);
    expect(history.map((r) => [r.type, r.outcome, r.interruptedBefore, r.flaggedBy])).toEqual([
      ['mover', 'succeeded', undefined, undefined],
      ['mover', 'succeeded', ['crashed-1'], undefined],
      ['mover', 'interrupted', undefined, 'req-after-crash'],
      ['joiner', 'succeeded', undefined, undefined],
    ]);
  });

  it('keeps meta.lastModified in the same database', async () => {
    const created = await h.scim('post', '/Users').send({ schemas: [CORE], userName: 'di@example.com', name: { givenName: 'Di', familyName: 'D' }, emails: [{ value: 'di@example.com', type: 'work', primary: true }] }).expect(201);
    const row = db.prepare("SELECT last_modified FROM resource_state WHERE kind = 'User' AND id = ?").get(created.body.id) as { last_modified: string };
    expect(row.last_modified).toBe(created.body.meta.lastModified);
  });
});
