import { request as httpRequest } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { MAX_JSON_BODY_DEPTH } from '../../src/http/json-body-depth';
import cases from './ops-malformed-requests.cases.json';
import { OPS_SCIM_TOKEN, USER_SCHEMA, startOpsBridge, type OpsBridge } from './ops-support';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const ADMIN_TOKEN = 'ops-admin-token-0123456789abcdef';
const SCIM_HEADERS = { Authorization: `Bearer ${OPS_SCIM_TOKEN}`, 'Content-Type': 'application/scim+json' };

/** `levels` arrays inside one another: `[[[]]]` is 3. */
function nested(levels: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < levels; i += 1) value = [value];
  return value;
}

/** POSTs raw bytes (supertest would serialise a Buffer sent as JSON): status and parsed body. */
function postRaw(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A body of the given total depth, with the deep part where the case says. */
function deepBody(where: string, depth: number): unknown {
  switch (where) {
    case 'patchValue':
      return { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title', value: nested(depth - 3) }] };
    case 'operations':
      return { schemas: [PATCH_OP], Operations: nested(depth - 1) };
    case 'userAttribute':
      return { schemas: [USER_SCHEMA], userName: 'deep.body@example.com', title: nested(depth - 1) };
    case 'bulkData':
      return { schemas: [BULK_REQUEST], Operations: [{ method: 'POST', path: '/Users', bulkId: 'deep', data: { schemas: [USER_SCHEMA], userName: 'deep.bulk@example.com', title: nested(depth - 4) } }] };
    default:
      throw new Error(`unknown case ${where}`);
  }
}

describe('malformed requests are a 400 SCIM error before any handler runs, and change nothing', () => {
  let ops: OpsBridge;
  let userId: string;
  let groupId: string;
  beforeAll(async () => {
    ops = await startOpsBridge({ ADMIN_TOKEN });
    userId = await ops.someUserId();
    const groups = await ops.scim('get', '/Groups?count=1').expect(200);
    groupId = (groups.body as { Resources: { id: string }[] }).Resources[0]?.id ?? '';
  });
  afterAll(() => ops.close());
  afterEach(async () => {
    // Never crashed: the next ordinary request is served.
    await ops.scim('get', '/Users?count=1').expect(200);
  });

  it.each(cases.malformedRouteParameters)('$method $path: a malformed percent-encoding in the id is a 400 (RFC 3986 §2.1), no JumpCloud call', async ({ method, path }) => {
    const before = await ops.jumpcloudRequestCount();
    const res = await ops.scim(method as 'get', path).set('Content-Type', 'application/scim+json').send(method === 'get' || method === 'delete' ? undefined : JSON.stringify({ schemas: [USER_SCHEMA] }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual({ schemas: [ERROR], status: '400', detail: expect.stringContaining('not validly percent-encoded') as unknown });
    expect(await ops.jumpcloudRequestCount()).toBe(before);
  });

  it('GET /admin/users/%/history: the admin routes answer the same 400, as plain JSON', async () => {
    const res = await request(ops.bridge.scimBaseUrl.replace(/\/scim\/v2$/, '')).get('/admin/users/%/history').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'Bad Request', detail: expect.stringContaining('not validly percent-encoded') as unknown });
  });

  it.each(cases.corruptCompressedBodies)('Content-Encoding: $encoding with a body that is not validly compressed is a 400 invalidSyntax', async ({ encoding }) => {
    const before = await ops.jumpcloudRequestCount();
    const res = await postRaw(`${ops.bridge.scimBaseUrl}/Users`, { ...SCIM_HEADERS, 'Content-Encoding': encoding }, Buffer.from('this is not compressed at all, just text pretending to be'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax', detail: `The request body is not valid ${encoding} data, as its Content-Encoding says it is.` });
    expect(await ops.jumpcloudRequestCount()).toBe(before);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)('a validly %s-compressed body is still served', async (encoding, compress) => {
    const body = JSON.stringify({ schemas: [USER_SCHEMA], userName: `compressed.${encoding}@example.com`, emails: [{ value: `compressed.${encoding}@example.com`, type: 'work', primary: true }] });
    const res = await postRaw(`${ops.bridge.scimBaseUrl}/Users`, { ...SCIM_HEADERS, 'Content-Encoding': encoding }, compress(Buffer.from(body)));
    expect(res.status).toBe(201);
  });

  it.each(cases.deepBodies)('$name: refused with 400 invalidSyntax naming the limit, no JumpCloud call', async ({ method, path, where, depth }) => {
    const before = await ops.jumpcloudRequestCount();
    const res = await ops
      .scim(method as 'post', path.replace('{id}', userId).replace('{groupId}', groupId))
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify(deepBody(where, depth)));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      schemas: [ERROR],
      status: '400',
      scimType: 'invalidSyntax',
      detail: `The request body nests JSON objects and arrays more than ${MAX_JSON_BODY_DEPTH} levels deep; this service accepts at most ${MAX_JSON_BODY_DEPTH}.`,
    });
    expect(await ops.jumpcloudRequestCount()).toBe(before);
  });

  it.each(['patchValue', 'userAttribute'])('%s: a body exactly at the depth limit reaches the handler (its answer is about the value, not the depth)', async (where) => {
    const path = where === 'patchValue' ? `/Users/${userId}` : '/Users';
    const res = await ops
      .scim(where === 'patchValue' ? 'patch' : 'post', path)
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify(deepBody(where, MAX_JSON_BODY_DEPTH)));
    expect(res.status).toBe(400);
    expect(String((res.body as { detail?: unknown }).detail)).not.toContain('levels deep');
  });
});
