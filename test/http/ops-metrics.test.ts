import request from 'supertest';
import { OPS_SCIM_TOKEN, USER_SCHEMA, parseMetrics, startOpsBridge, type OpsBridge } from './ops-support';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
const ADMIN_TOKEN = 'metrics-admin-token-0123456789';
const USER_NAME = 'metrics.joiner@example.com';

describe('/metrics after some SCIM traffic', () => {
  let ops: OpsBridge;
  let text: string;
  let metrics: Map<string, number>;
  let userId: string;
  let createdId: string;
  beforeAll(async () => {
    ops = await startOpsBridge({ METRICS_TOKEN, ADMIN_TOKEN });
    userId = await ops.someUserId();
    await ops.scim('get', `/Users/${userId}`).expect(200);
    await ops.scim('get', `/Users/${userId}`).expect(200);
    await ops.scim('get', `/Users?filter=${encodeURIComponent(`userName eq "${USER_NAME}"`)}`).expect(200);
    await ops.scim('get', '/Users/0123456789abcdef01234567').expect(404);
    await ops.scim('get', '/NoSuchThing/secret-path').expect(404);
    const created = await ops
      .scim('post', '/Users')
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: [USER_SCHEMA], userName: USER_NAME, emails: [{ value: USER_NAME, type: 'work', primary: true }] }))
      .expect(201);
    createdId = created.body.id;
    // One 429 (JumpCloud says wait 0 s) and one 503 (backoff) that the retries absorb.
    await ops.faults([{ status: 429, retryAfter: 0, count: 1, method: 'GET', path: '/api/systemusers' }]);
    await ops.scim('get', `/Users/${userId}`).expect(200);
    await ops.faults([{ status: 503, count: 1, method: 'GET', path: '/api/systemusers' }]);
    await ops.scim('get', `/Users/${userId}`).expect(200);
    await ops.faults([]);
    const res = await request(ops.bridge.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    text = res.text;
    metrics = parseMetrics(text);
  });
  afterAll(() => ops.close());

  it('counts SCIM requests by route template, method and status, with latency histograms', () => {
    expect(metrics.get('scim_bridge_scim_requests_total{route="/Users/{id}",method="GET",status="200"}')).toBe(4);
    expect(metrics.get('scim_bridge_scim_requests_total{route="/Users/{id}",method="GET",status="404"}')).toBe(1);
    expect(metrics.get('scim_bridge_scim_requests_total{route="/Users",method="POST",status="201"}')).toBe(1);
    expect(metrics.get('scim_bridge_scim_requests_total{route="unmatched",method="GET",status="404"}')).toBe(1);
    expect(metrics.get('scim_bridge_scim_request_duration_seconds_count{route="/Users/{id}",method="GET",status_class="2xx"}')).toBe(4);
    expect(metrics.get('scim_bridge_scim_request_duration_seconds_bucket{le="60",route="/Users/{id}",method="GET",status_class="2xx"}')).toBe(4);
    expect(metrics.get('scim_bridge_scim_requests_in_flight')).toBe(0);
  });

  it('counts JumpCloud calls by endpoint template and status, retries, 429s and the time waited before retries', () => {
    expect(metrics.get('scim_bridge_jumpcloud_calls_total{method="GET",endpoint="/api/systemusers/{id}",status="200"}')).toBeGreaterThanOrEqual(4);
    expect(metrics.get('scim_bridge_jumpcloud_calls_total{method="GET",endpoint="/api/systemusers/{id}",status="429"}')).toBe(1);
    expect(metrics.get('scim_bridge_jumpcloud_calls_total{method="GET",endpoint="/api/systemusers/{id}",status="503"}')).toBe(1);
    expect(metrics.get('scim_bridge_jumpcloud_calls_total{method="POST",endpoint="/api/systemusers",status="201"}') ?? metrics.get('scim_bridge_jumpcloud_calls_total{method="POST",endpoint="/api/systemusers",status="200"}')).toBe(1);
    expect(metrics.get('scim_bridge_jumpcloud_rate_limited_total{method="GET",endpoint="/api/systemusers/{id}"}')).toBe(1);
    expect(metrics.get('scim_bridge_jumpcloud_retries_total{method="GET",endpoint="/api/systemusers/{id}"}')).toBe(2);
    expect(metrics.get('scim_bridge_jumpcloud_retry_waits_total{reason="retry_after"}')).toBe(1);
    expect(metrics.get('scim_bridge_jumpcloud_retry_waits_total{reason="backoff"}')).toBe(1);
    expect(metrics.get('scim_bridge_jumpcloud_retry_wait_seconds_total{reason="retry_after"}')).toBe(0);
    expect(metrics.get('scim_bridge_jumpcloud_retry_wait_seconds_total{reason="backoff"}')).toBeGreaterThanOrEqual(0);
    expect(metrics.get('scim_bridge_jumpcloud_call_duration_seconds_count{method="GET",endpoint="/api/systemusers/{id}"}')).toBeGreaterThanOrEqual(6);
  });

  it('exports the JumpCloud concurrency queue and the pushback hold', () => {
    expect(metrics.get('scim_bridge_jumpcloud_concurrency_limit')).toBe(10);
    expect(metrics.get('scim_bridge_jumpcloud_concurrency_active')).toBe(0);
    expect(metrics.get('scim_bridge_jumpcloud_concurrency_queued')).toBe(0);
    expect(metrics.has('scim_bridge_jumpcloud_queue_wait_seconds_count')).toBe(true);
    expect(metrics.get('scim_bridge_upstream_pushback_hold_seconds{kind="none"}')).toBe(0);
    expect(metrics.has('scim_bridge_process_cpu_seconds_total')).toBe(true);
  });

  it('counts lifecycle events by type and outcome (from the audit journal)', () => {
    expect(metrics.get('scim_bridge_lifecycle_events_total{type="joiner",resource_type="User",outcome="succeeded"}')).toBe(1);
  });

  it('carries no secret, userName, id, filter or typed path in any label', () => {
    const labels = text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    for (const leak of [OPS_SCIM_TOKEN, METRICS_TOKEN, ADMIN_TOKEN, ops.bridge.jumpcloud.apiKey ?? 'no-key', USER_NAME, 'metrics.joiner', userId, createdId, '0123456789abcdef01234567', 'NoSuchThing', 'secret-path', 'userName eq', 'userName']) {
      expect(labels).not.toContain(leak);
    }
  });
});

describe('/metrics protection and switch', () => {
  let ops: OpsBridge;
  beforeAll(async () => {
    ops = await startOpsBridge({ METRICS_TOKEN, ADMIN_TOKEN });
  });
  afterAll(() => ops.close());

  it('a loopback scraper needs no token', async () => {
    await request(ops.bridge.url).get('/metrics').expect(200);
  });

  it('a request forwarded by a proxy on this host needs METRICS_TOKEN or ADMIN_TOKEN', async () => {
    const refused = await request(ops.bridge.url).get('/metrics').set('X-Forwarded-For', '203.0.113.7').expect(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(refused.body).toEqual({ error: 'Unauthorized', detail: 'Authentication required: send "Authorization: Bearer <METRICS_TOKEN>".' });
    await request(ops.bridge.url).get('/metrics').set('X-Forwarded-For', '203.0.113.7').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    await request(ops.bridge.url).get('/metrics').set('X-Forwarded-For', '203.0.113.7').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    await request(ops.bridge.url).get('/metrics').set('X-Forwarded-For', '203.0.113.7').set('Authorization', `Bearer ${OPS_SCIM_TOKEN}`).expect(401);
  });

  it('a SCIM token does not open /metrics, and the metrics token does not open SCIM', async () => {
    await request(ops.bridge.url).get('/metrics').set('Authorization', `Bearer ${OPS_SCIM_TOKEN}`).expect(401);
    await request(ops.bridge.scimBaseUrl).get('/Users').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(401);
  });

  it('METRICS_ENABLED=false: no /metrics (404), SCIM unaffected', async () => {
    const off = await startOpsBridge({ METRICS_ENABLED: 'false' });
    try {
      await request(off.bridge.url).get('/metrics').expect(404);
      const res = await off.scim('get', '/Users?count=1').expect(200);
      // The limits and their headers do not depend on metrics.
      expect(res.headers['x-rate-limit-limit']).toBe('16');
    } finally {
      await off.close();
    }
  });

  it('two bridges in one process keep separate registries', async () => {
    const other = await startOpsBridge();
    try {
      await other.scim('get', '/ServiceProviderConfig').expect(200);
      const mine = parseMetrics((await request(ops.bridge.url).get('/metrics')).text);
      const theirs = parseMetrics((await request(other.bridge.url).get('/metrics')).text);
      expect(theirs.get('scim_bridge_scim_requests_total{route="/ServiceProviderConfig",method="GET",status="200"}')).toBe(1);
      expect(mine.get('scim_bridge_scim_requests_total{route="/ServiceProviderConfig",method="GET",status="200"}')).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
