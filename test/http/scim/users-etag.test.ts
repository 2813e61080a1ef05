import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ERROR, PATCH_OP, createThroughBridge, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

type Write = 'put' | 'patch' | 'delete';

/** Versioning with weak ETags (RFC 7644 §3.14, RFC 7232) through HTTP against the emulator. */
describe('SCIM Users ETags and preconditions', () => {
  let h: BridgeHarness;
  let id: string;
  let etag: string;

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    resetEmulator(h);
    const created = await createThroughBridge(h, scimUser('etag.user', { title: 'Before' }));
    id = created.id;
    etag = (created.meta as { version: string }).version;
    h.resetRequests();
  });

  /** Sends one write with the given precondition headers. */
  const write = (method: Write, headers: Record<string, string>) => {
    const test = h.scim(method, `/Users/${id}`).set(headers);
    if (method === 'put') return test.send(scimUser('etag.user', { title: 'After' }));
    if (method === 'patch') return test.send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'After' }] });
    return test;
  };

  it('GET answers an ETag header equal to meta.version, stable across reads and projections', async () => {
    const first = await h.scim('get', `/Users/${id}`).expect(200);
    expect(first.headers.etag).toBe(first.body.meta.version);
    expect(first.headers.etag).toBe(etag);
    const projected = await h.scim('get', `/Users/${id}`).query({ attributes: 'userName' }).expect(200);
    expect(projected.headers.etag).toBe(etag);
  });

  it('a resource and a list are both application/scim+json; charset=utf-8 with an exact Content-Length, and HEAD sends no body', async () => {
    const one = await h.scim('get', `/Users/${id}`).expect(200);
    const list = await h.scim('get', '/Users').query({ count: 2 }).expect(200);
    for (const answer of [one, list]) {
      expect(answer.headers['content-type']).toBe('application/scim+json; charset=utf-8');
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
    }
    // A list has no SCIM version; it keeps express' weak ETag of its bytes.
    expect(list.headers.etag).toMatch(/^W\/"/);
    const head = await h.scim('head', `/Users/${id}`).expect(200);
    expect(head.headers.etag).toBe(etag);
    expect(head.text ?? '').toBe('');
  });

  it('a write changes the ETag, and the new one is what GET then answers', async () => {
    const patched = await write('patch', {}).expect(200);
    expect(patched.headers.etag).not.toBe(etag);
    const read = await h.scim('get', `/Users/${id}`).expect(200);
    expect(read.headers.etag).toBe(patched.headers.etag);
  });

  describe('If-None-Match on GET', () => {
    it.each([
      ['the current ETag', () => etag],
      ['the current ETag without W/ (weak comparison)', () => etag.replace(/^W\//, '')],
      ['a list holding the current ETag', () => `W/"other", ${etag}`],
      ['*', () => '*'],
    ])('%s -> 304 with no body and the ETag', async (_name, header) => {
      const res = await h.scim('get', `/Users/${id}`).set('If-None-Match', header()).expect(304);
      expect(res.text ?? '').toBe('');
      // RFC 7232 §4.1: a 304 carries the ETag a 200 would have carried.
      expect(res.headers.etag).toBe(etag);
    });

    it('an old ETag -> 200 with the resource', async () => {
      const res = await h.scim('get', `/Users/${id}`).set('If-None-Match', 'W/"stale"').expect(200);
      expect(res.body.id).toBe(id);
    });
  });

  describe('If-Match on writes', () => {
    it.each<Write>(['put', 'patch', 'delete'])('%s with a stale ETag -> 412 and nothing written', async (method) => {
      const res = await write(method, { 'If-Match': 'W/"stale"' }).expect(412);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '412' });
      expect(res.body.detail).toContain(etag);
      expect(jumpcloudWrites(h)).toEqual([]);
      expect(jumpcloudUser(h, id)?.jobTitle).toBe('Before');
    });

    it.each<[Write, number]>([
      ['put', 200],
      ['patch', 200],
      ['delete', 204],
    ])('%s with the current ETag proceeds (%i)', async (method, status) => {
      await write(method, { 'If-Match': etag }).expect(status);
      if (method === 'delete') expect(jumpcloudUser(h, id)).toBeUndefined();
      else expect(jumpcloudUser(h, id)?.jobTitle).toBe('After');
    });

    it.each<[Write, number]>([
      ['put', 200],
      ['patch', 200],
      ['delete', 204],
    ])('%s with If-Match: * proceeds on an existing user (%i)', async (method, status) => {
      await write(method, { 'If-Match': '*' }).expect(status);
    });

    it.each<Write>(['put', 'patch', 'delete'])('%s with If-None-Match: * on an existing user -> 412 and nothing written', async (method) => {
      const res = await write(method, { 'If-None-Match': '*' }).expect(412);
      expect(res.body).toMatchObject({ status: '412' });
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it('the second of two writes holding the same ETag loses (lost-update protection)', async () => {
      await write('patch', { 'If-Match': etag }).expect(200);
      await h
        .scim('patch', `/Users/${id}`)
        .set('If-Match', etag)
        .send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Lost' }] })
        .expect(412);
      expect(jumpcloudUser(h, id)?.jobTitle).toBe('After');
    });

    it.each<Write>(['put', 'patch', 'delete'])(
      // RFC 7232 §5: preconditions are ignored when the request would fail anyway; a missing
      // resource is the 404 it would be without them, which tells the client more than a 412.
      '%s with If-Match: * on an unknown user -> 404',
      async (method) => {
        id = '0123456789abcdef01234567';
        await write(method, { 'If-Match': '*' }).expect(404);
      },
    );
  });
});
