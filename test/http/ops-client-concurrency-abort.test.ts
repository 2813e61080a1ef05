import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { OPS_SCIM_TOKEN, startOpsBridge, type OpsBridge } from './ops-support';

const LIMIT = 2;
// Far longer than the abort loop takes, even on a loaded machine: the first calls are still running when it ends.
const LATENCY_MS = 4000;
const ABORT_AFTER_MS = 100;
const BASIC_USER = 'other-client';
const BASIC_PASSWORD = 'other-client-password-0123456789';

/** Sends GET `url` and destroys the connection after `afterMs`: the answer's status if one came first. */
function abortedGet(url: string, afterMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    let status: number | undefined;
    const req = httpRequest(url, { headers: { Authorization: `Bearer ${OPS_SCIM_TOKEN}` } }, (res) => {
      status = res.statusCode;
      res.resume();
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve(status));
    req.end();
    setTimeout(() => req.destroy(), afterMs);
  });
}

describe('a client that aborts slow requests in a loop keeps to its concurrency limit (SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT)', () => {
  let ops: OpsBridge;
  /** JumpCloud list calls the emulator has received so far. */
  const listCalls = async (): Promise<number> => {
    const res = await request(ops.bridge.jumpcloud.baseUrl ?? '')
      .get('/__emulator/requests?method=GET&path=/api/systemusers')
      .set('x-api-key', ops.bridge.jumpcloud.apiKey ?? '')
      .expect(200);
    return (res.body as unknown[]).length;
  };
  beforeAll(async () => {
    ops = await startOpsBridge({ SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT: String(LIMIT), SCIM_BASIC_USERNAME: BASIC_USER, SCIM_BASIC_PASSWORD: BASIC_PASSWORD });
  });
  afterAll(() => ops.close());

  it('aborted requests hold their slots until their JumpCloud work ends; other clients are served meanwhile', async () => {
    // What one list costs JumpCloud, measured rather than assumed.
    const beforeOne = await listCalls();
    await ops.scim('get', '/Users?count=1').expect(200);
    const perList = (await listCalls()) - beforeOne;
    expect(perList).toBeGreaterThan(0);

    await ops.faults([{ latencyMs: LATENCY_MS, method: 'GET', path: '/api/systemusers' }]);
    const before = await listCalls();
    const statuses: (number | undefined)[] = [];
    // Eight requests, each dropped after ABORT_AFTER_MS, all within the first list calls' latency.
    const loopStarted = Date.now();
    for (let i = 0; i < 8; i += 1) statuses.push(await abortedGet(`${ops.bridge.scimBaseUrl}/Users?count=1`, ABORT_AFTER_MS));
    const started = (await listCalls()) - before;
    expect(Date.now() - loopStarted).toBeLessThan(LATENCY_MS);
    // Only the first LIMIT were admitted; the others were refused at once, without JumpCloud work.
    expect(started).toBeLessThanOrEqual(LIMIT * perList);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === undefined || status === 429)).toBe(true);

    // Another client is served while the aborted work goes on.
    const other = await request(ops.bridge.scimBaseUrl)
      .get('/Users?count=1')
      .set('Authorization', `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`);
    expect(other.status).toBe(200);

    // Once the abandoned work has ended, the client has its whole budget back.
    await ops.faults([]);
    let remaining: string | undefined;
    for (const stop = Date.now() + LATENCY_MS + 5000; remaining !== String(LIMIT - 1) && Date.now() < stop; await new Promise((r) => setTimeout(r, 100))) {
      remaining = (await ops.scim('get', '/Users?count=1')).headers['x-rate-limit-remaining'];
    }
    expect(remaining).toBe(String(LIMIT - 1));
  }, 30_000);
});
