import { ADMIN_TOKEN, SCIM_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import type { AuditRecord } from '../../../src/lifecycle/audit-record';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** What SCIM writes journal is what the admin endpoints answer: the read side over the write side. */
describe('admin endpoints over the journal the SCIM writes fill', () => {
  let h: BridgeHarness;
  let id: string;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { ADMIN_TOKEN }, seed: { users: [] } });
    const created = await h
      .scim('post', '/Users')
      .send({ schemas: [CORE], userName: 'erin.story@example.com', title: 'Analyst', emails: [{ value: 'erin.story@example.com', type: 'work', primary: true }] })
      .expect(201);
    id = created.body.id;
    await h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Manager' }] }).expect(200);
    await h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] }).expect(200);
  });
  afterAll(() => h.close());

  it('tells the lifecycle oldest first through /admin/users/{id}/history', async () => {
    const res = await h.admin('get', `/admin/users/${id}/history`).expect(200);
    expect(res.body).toMatchObject({ id, userName: 'erin.story@example.com', truncated: false });
    expect(res.body.events.map((e: AuditRecord) => [e.type, e.outcome])).toEqual([
      ['joiner', 'succeeded'],
      ['mover', 'succeeded'],
      ['suspend', 'succeeded'],
    ]);
  });

  it('finds the mover by userName and type, with the changed attribute, the caller and the JumpCloud calls', async () => {
    const res = await h.admin('get', '/admin/events?user=ERIN.STORY@example.com&type=mover').expect(200);
    expect(res.body.events).toHaveLength(1);
    const [mover] = res.body.events as AuditRecord[];
    expect(mover?.changes).toEqual([{ attribute: 'title', before: 'Analyst', after: 'Manager' }]);
    expect(mover?.client).toBe('bearer#1');
    expect(mover?.jumpcloudCalls).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'PUT', route: '/api/systemusers/{id}', status: 200 })]));
  });

  it('never shows a credential', async () => {
    const res = await h.admin('get', '/admin/events').expect(200);
    expect(res.text).not.toContain(SCIM_TOKEN);
    expect(res.text).not.toContain(ADMIN_TOKEN);
  });
});
