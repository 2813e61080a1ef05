import { startOpsBridge, type OpsBridge } from './ops-support';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The headers SailPoint's connector reads to back off, all present and consistent with Retry-After. */
function expectThrottleHeaders(headers: Record<string, string>, limit: number): number {
  const retryAfter = Number(headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(headers['x-rate-limit-limit']).toBe(String(limit));
  expect(headers['x-rate-limit-remaining']).toBe('0');
  expect(headers['x-rate-limit-retry-after-seconds']).toBe(String(retryAfter));
  const reset = Number(headers['x-rate-limit-reset']);
  const nowSeconds = Date.now() / 1000;
  // Epoch seconds, Retry-After from now (one second of slack for the clock tick).
  expect(reset).toBeGreaterThanOrEqual(Math.floor(nowSeconds) + retryAfter - 1);
  expect(reset).toBeLessThanOrEqual(Math.ceil(nowSeconds) + retryAfter + 1);
  return retryAfter;
}

describe('throttling SailPoint understands, when JumpCloud pushes back', () => {
  let ops: OpsBridge;
  let userId: string;
  // A 1 s deadline: JumpCloud's Retry-After of 2 s cannot be waited out inside it, so the bridge gives up at once
  // (2 s, not 1: the hold must outlast the test's follow-up requests on a busy machine).
  beforeAll(async () => {
    ops = await startOpsBridge({ SCIM_REQUEST_DEADLINE_MS: '1000', SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT: '8' });
    userId = await ops.someUserId();
  });
  afterAll(() => ops.close());
  afterEach(async () => {
    await ops.faults([]);
    // Let any hold a test left run out, so tests do not depend on each other.
    while (ops.bridge && (await ops.scim('get', `/Users/${userId}`)).status !== 200) await new Promise((r) => setTimeout(r, 200));
  });

  it('a 429 storm: 429 with Retry-After and x-rate-limit-*, then answers at once without calling JumpCloud until Retry-After passes', async () => {
    await ops.faults([{ status: 429, retryAfter: 2, path: '/api/' }]);
    const started = Date.now();
    const first = await ops.scim('get', `/Users/${userId}`);
    expect(first.status).toBe(429);
    expect(first.body).toEqual({ schemas: [ERROR], status: '429', detail: 'JumpCloud is rate limiting the bridge; retry after the delay in Retry-After.' });
    expect(expectThrottleHeaders(first.headers, 8)).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);

    // Short-circuit: JumpCloud sees nothing more while the hold lasts.
    const before = await ops.jumpcloudRequestCount();
    const second = await ops.scim('get', '/Users?count=5');
    expect(second.status).toBe(429);
    expectThrottleHeaders(second.headers, 8);
    expect(await ops.jumpcloudRequestCount()).toBe(before);

    // Discovery is served from memory, so SailPoint's Test Connection still passes.
    await ops.scim('get', '/ServiceProviderConfig').expect(200);

    await ops.faults([]);
    await new Promise((r) => setTimeout(r, 2100));
    const after = await ops.scim('get', `/Users/${userId}`).expect(200);
    expect(after.headers['x-rate-limit-remaining']).toBe('7');
  });

  it('a 503 storm: 503 with Retry-After and x-rate-limit-*, and the same short-circuit', async () => {
    await ops.faults([{ status: 503, retryAfter: 2, path: '/api/' }]);
    const first = await ops.scim('get', '/Users?count=3');
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: '503', detail: 'JumpCloud is unavailable or rate limiting the bridge; retry later.' });
    expectThrottleHeaders(first.headers, 8);
    const before = await ops.jumpcloudRequestCount();
    const write = await ops.scim('patch', `/Users/${userId}`).send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'x' }] });
    expect(write.status).toBe(503);
    expectThrottleHeaders(write.headers, 8);
    expect(await ops.jumpcloudRequestCount()).toBe(before);
  });

  it('one 429 that the retries absorb is a normal answer, with no hold afterwards', async () => {
    await ops.faults([{ status: 429, retryAfter: 0, count: 1, path: '/api/' }]);
    const res = await ops.scim('get', `/Users/${userId}`).expect(200);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.headers['x-rate-limit-remaining']).toBe('7');
    await ops.scim('get', `/Users/${userId}`).expect(200);
  });
});

describe('every request stays well under SailPoint\'s one-minute timeout', () => {
  let ops: OpsBridge;
  beforeAll(async () => {
    ops = await startOpsBridge({ SCIM_REQUEST_DEADLINE_MS: '1500' });
  });
  afterAll(() => ops.close());

  it('dropped connections count as JumpCloud failing: 503 with the headers (JumpCloud gave no Retry-After: 5 s)', async () => {
    const id = await ops.someUserId();
    await ops.faults([{ drop: true, path: '/api/' }]);
    const res = await ops.scim('get', `/Users/${id}`);
    expect(res.status).toBe(503);
    expect(expectThrottleHeaders(res.headers, 16)).toBe(5);
    await ops.faults([]);
    // The hold is the bridge's, not the emulator's: still 503 at once, now without calling JumpCloud.
    const before = await ops.jumpcloudRequestCount();
    expect((await ops.scim('get', `/Users/${id}`)).status).toBe(503);
    expect(await ops.jumpcloudRequestCount()).toBe(before);
  });

  it('a JumpCloud that answers slowly gives a 503 with Retry-After when the request deadline passes', async () => {
    // Its own bridge: the test above leaves a 5 s hold behind.
    const slow = await startOpsBridge({ SCIM_REQUEST_DEADLINE_MS: '1500' });
    try {
      const id = await slow.someUserId();
      // Each attempt takes 600 ms and fails: retries would run for the whole 25 s budget without the deadline.
      await slow.faults([{ status: 503, latencyMs: 600, path: '/api/' }]);
      const started = Date.now();
      const res = await slow.scim('get', `/Users/${id}`);
      expect(res.status).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Date.now() - started).toBeLessThan(1500 + 1000);
    } finally {
      await slow.close();
    }
  });
});
