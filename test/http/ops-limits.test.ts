import request from 'supertest';
import { OPS_SCIM_TOKEN, USER_SCHEMA, startOpsBridge, type OpsBridge } from './ops-support';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const BASIC_USER = 'sailpoint-basic';
const BASIC_PASSWORD = 'basic-password-0123456789';

describe('inbound limits: each beyond-limit request is a clear SCIM error, and the bridge keeps serving', () => {
  let ops: OpsBridge;
  beforeAll(async () => {
    ops = await startOpsBridge({
      SCIM_MAX_BODY_BYTES: '1024',
      SCIM_FILTER_MAX_LENGTH: '64',
      SCIM_FILTER_MAX_DEPTH: '2',
      SCIM_MAX_PAGE_SIZE: '5',
      SCIM_DEFAULT_PAGE_SIZE: '5',
      SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT: '2',
      SCIM_BASIC_USERNAME: BASIC_USER,
      SCIM_BASIC_PASSWORD: BASIC_PASSWORD,
    });
  });
  afterAll(() => ops.close());
  afterEach(async () => {
    await ops.faults([]);
    // Never crashed: the next ordinary request is served.
    await ops.scim('get', '/Users?count=1').expect(200);
  });

  it('a body over SCIM_MAX_BODY_BYTES is a 413 naming the limit', async () => {
    const res = await ops
      .scim('post', '/Users')
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: [USER_SCHEMA], userName: 'big.body@example.com', title: 'x'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ schemas: [ERROR], status: '413', detail: 'The request body is larger than this service accepts (at most 1024 bytes).' });
  });

  it('a body under the limit is served', async () => {
    await ops
      .scim('post', '/Users')
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: [USER_SCHEMA], userName: 'small.body@example.com', emails: [{ value: 'small.body@example.com', type: 'work', primary: true }] }))
      .expect(201);
  });

  it.each([
    ['GET /Users', '/Users'],
    ['GET /Groups', '/Groups'],
  ])('%s: a filter over SCIM_FILTER_MAX_LENGTH is a 400 invalidFilter naming the limit', async (_name, path) => {
    const filter = `userName eq "${'a'.repeat(80)}"`;
    const res = await ops.scim('get', `${path}?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect(res.body.detail).toBe(`Filter error: the filter is ${filter.length} characters long; the limit is 64.`);
  });

  it('POST /.search: the same filter limit applies to a filter in the body', async () => {
    const res = await ops
      .scim('post', '/Users/.search')
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: `userName eq "${'b'.repeat(80)}"` }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ scimType: 'invalidFilter' });
    expect(res.body.detail).toContain('the limit is 64');
  });

  it('a filter nested deeper than SCIM_FILTER_MAX_DEPTH is a 400 invalidFilter naming the limit', async () => {
    const res = await ops.scim('get', `/Users?filter=${encodeURIComponent('(((userName eq "a")))')}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ scimType: 'invalidFilter' });
    expect(res.body.detail).toContain('nesting is deeper than the limit of 2 levels');
  });

  it('a filter within both limits is served', async () => {
    await ops.scim('get', `/Users?filter=${encodeURIComponent('(userName sw "a")')}`).expect(200);
  });

  it('count over SCIM_MAX_PAGE_SIZE is not an error: the page is cut to the maximum (RFC 7644 §3.4.2.4)', async () => {
    const res = await ops.scim('get', '/Users?count=100000').expect(200);
    expect(res.body.itemsPerPage).toBeLessThanOrEqual(5);
    expect(res.body.Resources.length).toBeLessThanOrEqual(5);
    expect(res.body.totalResults).toBeGreaterThan(5);
  });

  describe('concurrent requests per client (SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT=2)', () => {
    it('every answer carries x-rate-limit-limit and x-rate-limit-remaining', async () => {
      const res = await ops.scim('get', '/Users?count=1').expect(200);
      expect(res.headers['x-rate-limit-limit']).toBe('2');
      expect(res.headers['x-rate-limit-remaining']).toBe('1');
      expect(res.headers['x-rate-limit-reset']).toBeUndefined();
    });

    it('one request too many is a 429 with Retry-After and x-rate-limit-*; another client is not affected', async () => {
      // JumpCloud answers each list 400 ms late, so two requests of the client are in flight.
      await ops.faults([{ latencyMs: 400, method: 'GET', path: '/api/systemusers' }]);
      const slow = [ops.scim('get', '/Users?count=1').then((r) => r), ops.scim('get', '/Users?count=2').then((r) => r)];
      await new Promise((r) => setTimeout(r, 150));
      const refused = await ops.scim('get', '/Users?count=3');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        schemas: [ERROR],
        status: '429',
        detail: 'Too many concurrent requests from this client: at most 2 may be in flight at once; retry after the delay in Retry-After.',
      });
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['x-rate-limit-limit']).toBe('2');
      expect(refused.headers['x-rate-limit-remaining']).toBe('0');
      expect(refused.headers['x-rate-limit-retry-after-seconds']).toBe('1');
      expect(Number(refused.headers['x-rate-limit-reset'])).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));

      // The budget is per credential: the Basic client has its own.
      const basic = await request(ops.bridge.scimBaseUrl)
        .get('/ServiceProviderConfig')
        .set('Authorization', `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`);
      expect(basic.status).toBe(200);
      expect(basic.headers['x-rate-limit-remaining']).toBe('1');

      const served = await Promise.all(slow);
      expect(served.map((r) => r.status)).toEqual([200, 200]);
      // Slots come back when requests finish.
      expect((await ops.scim('get', '/Users?count=1')).headers['x-rate-limit-remaining']).toBe('1');
    });

    it('unauthenticated requests are refused by auth first (401), never counted', async () => {
      await request(ops.bridge.scimBaseUrl).get('/Users').expect(401);
      await request(ops.bridge.scimBaseUrl).get('/Users').set('Authorization', `Bearer ${OPS_SCIM_TOKEN}x`).expect(401);
    });
  });
});
