import { ADMIN_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ALICE, BOB, ENGINEERING, seqOf, storyRecords } from '../../support/audit-records';
import type { AuditRecord } from '../../../src/lifecycle/audit-record';

/** GET /admin/users/{id}/history through HTTP: one person's lifecycle, oldest first. */
describe('GET /admin/users/{id}/history', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { ADMIN_TOKEN } });
    await h.audit.append(storyRecords());
  });
  afterAll(() => h.close());

  const seqs = (body: { events: AuditRecord[] }): number[] => body.events.map(seqOf);

  it('answers the lifecycle oldest first: joiner ... leaver', async () => {
    const res = await h.admin('get', `/admin/users/${ALICE}/history`).expect(200);
    expect(res.body).toMatchObject({ id: ALICE, userName: 'alice.nguyen', truncated: false });
    expect(seqs(res.body)).toEqual([1, 2, 3, 7, 9]);
    expect(res.body.events.map((e: AuditRecord) => e.type)).toEqual(['joiner', 'entitlement_add', 'mover', 'suspend', 'delete']);
  });

  it('includes membership changes made through /Groups (journaled on the group, naming the user)', async () => {
    const res = await h.admin('get', `/admin/users/${BOB}/history`).expect(200);
    expect(seqs(res.body)).toEqual([4, 5, 6]);
    expect(res.body.events[1]).toMatchObject({ resourceType: 'Group', scimId: ENGINEERING, member: { id: BOB } });
  });

  it('finds the person by userName too (any case), answering their id', async () => {
    const res = await h.admin('get', '/admin/users/Bob.Martin/history').expect(200);
    expect(res.body).toMatchObject({ id: BOB, userName: 'bob.martin' });
    expect(seqs(res.body)).toEqual([4, 5, 6]);
  });

  it.each([['000000000000000000000000'], ['nobody'], ['Sales']])('answers a plain JSON 404 when the journal knows nothing of %s', async (who) => {
    const res = await h.admin('get', `/admin/users/${who}/history`).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'Not Found', detail: `The audit journal holds no record about user "${who}".` });
  });

  it('says when a very long history was cut to its newest records', async () => {
    const base = storyRecords()[2] as AuditRecord;
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...base, id: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`, scimId: 'c0ffee000000000000000001', jumpcloudId: 'c0ffee000000000000000001' }));
    await h.audit.append(many);
    const res = await h.admin('get', '/admin/users/c0ffee000000000000000001/history').expect(200);
    expect(res.body.truncated).toBe(true);
    expect(res.body.events).toHaveLength(1000);
    // Oldest first among what is shown: the very first record is the one left out.
    expect(res.body.events[0].id).toBe(many[1]?.id);
  });
});
