import request from 'supertest';
import { createApp } from '../../src/http/app';
import { startSecurityBridge, type SecurityBridge } from './security-harness';
import { captureLogger } from '../support/log-scan/capture-logger';

const TOKEN = 'headers-scim-token-0123456789';

/** What helmet must put on every answer of this JSON API. */
function expectSecurityHeaders(headers: Record<string, string>): void {
  expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-dns-prefetch-control']).toBe('off');
  expect(headers['x-permitted-cross-domain-policies']).toBe('none');
  expect(headers['origin-agent-cluster']).toBe('?1');
  expect(headers['x-download-options']).toBe('noopen');
  expect(headers['x-xss-protection']).toBe('0');
  expect(headers).not.toHaveProperty('x-powered-by');
}

describe('security headers (helmet) on every response', () => {
  let b: SecurityBridge;
  beforeAll(async () => {
    b = await startSecurityBridge({ SCIM_BEARER_TOKEN: TOKEN, OAUTH_CLIENTS: 'sailpoint:sailpoint-secret-0123456789' });
  });
  afterAll(() => b.close());

  it.each([
    ['a SCIM list', () => request(b.app).get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${TOKEN}`), 200],
    ['a SCIM 401', () => request(b.app).get('/scim/v2/Users'), 401],
    ['a SCIM 404 for an unknown route', () => request(b.app).get('/nowhere'), 404],
    ['/healthz', () => request(b.app).get('/healthz'), 200],
    ['a token response', () => request(b.app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'sailpoint', client_secret: 'sailpoint-secret-0123456789' }), 200],
    ['a token error', () => request(b.app).post('/oauth/token').type('form').send('grant_type=client_credentials'), 401],
  ])('%s', async (_name, send, status) => {
    const res = await send().expect(status);
    expectSecurityHeaders(res.headers as Record<string, string>);
  });

  it('sends no Strict-Transport-Security over plain HTTP (a TLS proxy in front decides it)', async () => {
    const res = await request(b.app).get('/healthz').expect(200);
    expect(res.headers).not.toHaveProperty('strict-transport-security');
  });

  it('sends Strict-Transport-Security for a year when the bridge serves TLS itself', async () => {
    const app = createApp({ logger: captureLogger(), health: { jumpcloud: 'emulator', version: 'test' }, readiness: async () => ({ ready: true, checks: {} }), security: { tls: true, trustProxy: false } });
    const res = await request(app).get('/healthz').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expectSecurityHeaders(res.headers as Record<string, string>);
  });
});
