import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, ERROR, PATCH_OP, createThroughBridge, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';
import cases from './users-emails.cases.json';

/** `{local}` in a row stands for the user's own name, so rows never collide in JumpCloud (e-mails are unique). */
function fill<T>(value: T, local: string): T {
  return JSON.parse(JSON.stringify(value).replace(/\{local\}/g, local)) as T;
}

/**
 * E-mails as real clients send them (CLIENTS.md): no "work" item, random types, no type at all.
 * Each row writes through the bridge, then checks what JumpCloud holds and what a GET shows.
 */
describe('SCIM Users e-mails, liberally read (POST, PUT, PATCH, then GET)', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => resetEmulator(h));

  /** What JumpCloud holds, then what a GET shows (and that writing the GET back writes nothing). */
  async function expectStored(id: string, row: { jumpcloud: object; get: object[] }, local: string): Promise<void> {
    expect(jumpcloudUser(h, id)).toMatchObject(fill(row.jumpcloud, local));
    const read = await h.scim('get', `/Users/${id}`).expect(200);
    expect(read.body.emails).toEqual(fill(row.get, local));
    h.resetRequests();
    await h.scim('put', `/Users/${id}`).send(read.body).expect(200);
    expect(jumpcloudWrites(h)).toEqual([]);
  }

  it.each(cases.post.map((row, index) => [row.name, row, `post${index}`] as const))('POST %s', async (_name, row, local) => {
    const created = await createThroughBridge(h, scimUser(local, { emails: fill(row.emails, local) }));
    expect(created.emails).toEqual(fill(row.get, local));
    await expectStored(created.id, row, local);
  });

  it.each(cases.put.map((row, index) => [row.name, row, `put${index}`] as const))('PUT %s', async (_name, row, local) => {
    const created = await createThroughBridge(h, scimUser(local, { emails: [{ value: `${local}@corp.example`, type: 'work' }, { value: `${local}@home.example`, type: 'home' }] }));
    const res = await h.scim('put', `/Users/${created.id}`).send(scimUser(local, { emails: fill(row.emails, local) })).expect(200);
    expect(res.body.emails).toEqual(fill(row.get, local));
    await expectStored(created.id, row, local);
  });

  it.each(cases.patch.map((row, index) => [row.name, row, `patch${index}`] as const))('PATCH %s', async (_name, row, local) => {
    const created = await createThroughBridge(h, scimUser(local, { emails: [{ value: `${local}@corp.example`, type: 'work', primary: true }] }));
    const res = await h.scim('patch', `/Users/${created.id}`).send({ schemas: [PATCH_OP], Operations: fill(row.operations, local) }).expect(200);
    expect(res.body.emails).toEqual(fill(row.get, local));
    await expectStored(created.id, row, local);
  });

  it.each([
    ['POST without emails', () => h.scim('post', '/Users').send({ schemas: [CORE], userName: 'nomail' })],
    ['POST with values missing', () => h.scim('post', '/Users').send({ schemas: [CORE], userName: 'nomail', emails: [{ type: 'work', primary: true }] })],
    ['PUT with an empty list', async () => h.scim('put', `/Users/${(await createThroughBridge(h, scimUser('putnomail'))).id}`).send({ schemas: [CORE], userName: 'putnomail@example.com', emails: [] })],
    // (A PATCH that removes `emails` outright is 400 mutability: users-patch.test.ts.)
    ['PATCH leaving only items without a value', async () => h.scim('patch', `/Users/${(await createThroughBridge(h, scimUser('patchnomail'))).id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'emails', value: [{ type: 'work', primary: true }] }] })],
  ])('%s: 400 invalidValue saying what to send, nothing written', async (_name, send) => {
    const res = await (await send());
    const writes = jumpcloudWrites(h).filter((write) => write.method !== 'POST');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
    expect(res.body.detail).toContain('Attribute "emails" must hold at least one e-mail address');
    expect(writes).toEqual([]);
  });
});
