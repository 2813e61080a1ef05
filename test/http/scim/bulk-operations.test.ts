import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorMembers, GROUP, patch } from './groups-fixtures';
import { createThroughBridge, ERROR, injectFaults, jumpcloudUser, resetEmulator, scimUser } from './scim-users.fixtures';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const BASE = 'https://scim.example.test/scim/v2';

const postUser = (bulkId: string, local = bulkId) => ({ method: 'POST', path: '/Users', bulkId, data: scimUser(local) });
const postGroup = (bulkId: string, name: string, memberRefs: string[]) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: { schemas: [GROUP], displayName: name, members: memberRefs.map((value) => ({ value })) },
});

/** POST /Bulk (RFC 7644 §3.7) through HTTP against the emulator. */
describe('POST /Bulk', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { PUBLIC_BASE_URL: 'https://scim.example.test', SCIM_BULK_MAX_OPERATIONS: '6', SCIM_BULK_MAX_PAYLOAD_BYTES: '4096' } });
  });
  beforeEach(() => resetEmulator(h));
  afterAll(() => h.close());

  const bulk = (operations: unknown[], extra: Record<string, unknown> = {}) => h.scim('post', '/Bulk').send({ schemas: [BULK_REQUEST], ...extra, Operations: operations });
  const idOf = (location: string) => location.slice(location.lastIndexOf('/') + 1);

  it('creates users and a group listed BEFORE them that names them by bulkId', async () => {
    const res = await bulk([postGroup('team', 'Bulk Team', ['bulkId:ann', 'bulkId:ben']), postUser('ann'), postUser('ben')]).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual([BULK_RESPONSE]);
    const [team, ann, ben] = res.body.Operations;
    expect(ann).toEqual({ location: expect.stringMatching(new RegExp(`^${BASE}/Users/[0-9a-f]{24}$`)), method: 'POST', bulkId: 'ann', version: expect.stringMatching(/^W\//), status: '201' });
    expect(ben).toMatchObject({ bulkId: 'ben', status: '201' });
    expect(team).toMatchObject({ location: expect.stringMatching(new RegExp(`^${BASE}/Groups/[0-9a-f]{24}$`)), method: 'POST', bulkId: 'team', status: '201' });
    expect(await emulatorMembers(h, idOf(team.location))).toEqual([idOf(ann.location), idOf(ben.location)].sort());
    const group = await h.scim('get', `/Groups/${idOf(team.location)}`).expect(200);
    expect(group.body.displayName).toBe('Bulk Team');
  });

  it('updates, patches and deletes existing users, version as If-Match', async () => {
    const kim = await createThroughBridge(h, scimUser('kim'));
    const lee = await createThroughBridge(h, scimUser('lee'));
    const res = await bulk([
      { method: 'PATCH', path: `/Users/${kim.id}`, version: (kim.meta as { version: string }).version, data: patch({ op: 'replace', path: 'title', value: 'Lead' }) },
      { method: 'PUT', path: `/Users/${lee.id}`, version: 'W/"stale"', data: scimUser('lee', { title: 'Never' }) },
      { method: 'DELETE', path: `/Users/${lee.id}` },
    ]).expect(200);
    expect(res.body.Operations.map((op: { method: string; status: string }) => `${op.method} ${op.status}`)).toEqual(['PATCH 200', 'PUT 412', 'DELETE 204']);
    expect(res.body.Operations[1]).toMatchObject({ location: `${BASE}/Users/${lee.id}`, response: { schemas: [ERROR], status: '412' } });
    expect(jumpcloudUser(h, kim.id)?.jobTitle).toBe('Lead');
    expect(jumpcloudUser(h, lee.id)).toBeUndefined();
  });

  it('PATCHes a group to add a user created in the same request (path and value references)', async () => {
    const res = await bulk([
      { method: 'PATCH', path: '/Groups/bulkId:g', data: patch({ op: 'add', path: 'members', value: [{ value: 'bulkId:u' }] }) },
      postGroup('g', 'Patched Later', []),
      postUser('u', 'patched.member'),
    ]).expect(200);
    expect(res.body.Operations.map((op: { status: string }) => op.status)).toEqual(['204', '201', '201']);
    expect(await emulatorMembers(h, idOf(res.body.Operations[1].location))).toEqual([idOf(res.body.Operations[2].location)]);
  });

  it('stops after failOnErrors errors: the rest is neither attempted nor answered', async () => {
    await createThroughBridge(h, scimUser('taken'));
    const res = await bulk([postUser('dup', 'taken'), postUser('fine', 'fine'), postUser('later', 'later')], { failOnErrors: 1 }).expect(200);
    expect(res.body.Operations).toEqual([{ method: 'POST', bulkId: 'dup', status: '409', response: expect.objectContaining({ schemas: [ERROR], status: '409', scimType: 'uniqueness' }) }]);
    expect([...h.emulator.ctx.users.idsInOrder(0, 10)]).toHaveLength(1);
  });

  it('without failOnErrors, failures are per operation and the others succeed', async () => {
    await createThroughBridge(h, scimUser('taken'));
    const res = await bulk([postUser('dup', 'taken'), postUser('fine', 'fine'), { method: 'POST', path: '/Widgets', bulkId: 'w', data: {} }]).expect(200);
    expect(res.body.Operations.map((op: { status: string }) => op.status)).toEqual(['409', '201', '404']);
    expect(res.body.Operations[2].response.detail).toBe('There is no resource type endpoint /Widgets; this service serves /Users, /Groups.');
  });

  it('fails each operation of a circular reference with 409 and creates nothing for them', async () => {
    const res = await bulk([postGroup('a', 'Cycle A', ['bulkId:b']), postGroup('b', 'Cycle B', ['bulkId:a']), postUser('free')]).expect(200);
    expect(res.body.Operations.map((op: { status: string }) => op.status)).toEqual(['409', '409', '201']);
    expect(res.body.Operations[0].response).toMatchObject({ status: '409', detail: expect.stringMatching(/circular bulkId reference \(bulkId:a -> bulkId:b -> bulkId:a\)/) });
    const groups = await h.scim('get', '/Groups').query({ filter: 'displayName sw "Cycle"' }).expect(200);
    expect(groups.body.totalResults).toBe(0);
  });

  it('a JumpCloud outage fails the operations it hits, never the whole response', async () => {
    await injectFaults(h, [{ status: 503, method: 'POST', path: '/api/systemusers' }]);
    const res = await bulk([postUser('down'), { method: 'DELETE', path: '/Users/0123456789abcdef01234567' }]).expect(200);
    expect(res.body.Operations.map((op: { status: string }) => op.status)).toEqual(['503', '404']);
  });

  it('a malformed percent-encoding in one path is that operation\'s 400: the POST before it still reports its 201 and id', async () => {
    const res = await bulk([postUser('pat'), { method: 'DELETE', path: '/Users/%' }]).expect(200);
    const [pat, bad] = res.body.Operations;
    expect(pat).toMatchObject({ location: expect.stringMatching(new RegExp(`^${BASE}/Users/[0-9a-f]{24}$`)), bulkId: 'pat', status: '201' });
    expect(jumpcloudUser(h, idOf(pat.location))).toBeDefined();
    expect(bad).toEqual({ method: 'DELETE', status: '400', response: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: expect.stringMatching(/^Operations\[1\]: the id in 'path' is not valid percent-encoded UTF-8/) } });
  });

  it('data nested deeper than MAX_BULK_DATA_DEPTH is that operation\'s 400, nothing written for it; the others run', async () => {
    // Deeper than Bulk's 32 levels, within the 64 the body parser admits (deeper bodies are
    // refused whole before any handler: test/http/ops-malformed-requests.test.ts).
    let extra: unknown = 'x';
    for (let level = 0; level < 40; level += 1) extra = [extra];
    const res = await bulk([{ method: 'POST', path: '/Users', bulkId: 'deep', data: { ...scimUser('deep'), extra } }, postUser('flat')]).expect(200);
    const [deep, flat] = res.body.Operations;
    expect(deep).toEqual({ method: 'POST', bulkId: 'deep', status: '400', response: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: expect.stringMatching(/^Operations\[0\]: 'data' is nested deeper than 32 levels/) } });
    expect(flat).toMatchObject({ bulkId: 'flat', status: '201' });
    const listed = await h.scim('get', '/Users').query({ filter: 'userName sw "deep"' }).expect(200);
    expect(listed.body.totalResults).toBe(0);
  });

  it('more operations than maxOperations -> 413, nothing done', async () => {
    const res = await bulk(Array.from({ length: 7 }, (_, i) => postUser(`u${i}`))).expect(413);
    expect(res.body).toEqual({ schemas: [ERROR], status: '413', detail: 'The Bulk request carries 7 operations; this service accepts at most 6 per request (bulk.maxOperations in /ServiceProviderConfig).' });
    expect(h.emulator.ctx.users.idsInOrder(0, 10)).toHaveLength(0);
  });

  it('a body larger than maxPayloadSize -> 413 with the limit', async () => {
    const res = await bulk([postUser('big'), { method: 'PATCH', path: '/Users/0123456789abcdef01234567', data: patch({ op: 'replace', path: 'title', value: 'x'.repeat(5000) }) }]).expect(413);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '413', detail: expect.stringMatching(/^The Bulk request body is \d+ bytes; this service accepts at most 4096 bytes per Bulk request \(bulk.maxPayloadSize/) });
    expect(h.emulator.ctx.users.idsInOrder(0, 10)).toHaveLength(0);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a body that is not a BulkRequest', { Operations: 'all' }, 'invalidSyntax', /needs 'Operations'/],
    ['a bad failOnErrors', { Operations: [], failOnErrors: -1 }, 'invalidValue', /'failOnErrors' must be an integer >= 1/],
  ])('%s -> 400', async (_name, body, scimType, detail) => {
    const res = await h.scim('post', '/Bulk').send(body as object).expect(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType, detail: expect.stringMatching(detail) });
  });

  it('advertises its limits in /ServiceProviderConfig', async () => {
    const res = await h.scim('get', '/ServiceProviderConfig').expect(200);
    expect(res.body.bulk).toEqual({ supported: true, maxOperations: 6, maxPayloadSize: 4096 });
  });
});
