import cases from './ops-metrics-route-template.cases.json';
import { ConfigError, loadConfig, secretValues } from '../../src/config/load-config';
import { isLoopbackAddress, metricsAccess } from '../../src/http/metrics-access';
import { methodLabel, scimRouteTemplate } from '../../src/http/metrics-route-template';

const TOKEN = 'metrics-token-0123456789';
const ADMIN = 'admin-token-0123456789ab';

describe('metric labels are route templates: nothing a client typed', () => {
  it.each(cases)('$path -> $template', ({ path, template }) => {
    expect(scimRouteTemplate(path)).toBe(template);
  });

  it.each([
    ['get', 'GET'],
    ['PATCH', 'PATCH'],
    ['PROPFIND', 'OTHER'],
    ['X-SECRET', 'OTHER'],
  ])('method %s -> %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });
});

describe('who may read /metrics', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    [undefined, false],
  ])('loopback(%s) = %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  const policy = { tokens: [TOKEN, ADMIN] };
  it.each([
    ['loopback, no token', '127.0.0.1', {}, { allowed: true }],
    ['loopback through a proxy (X-Forwarded-For), no token', '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, { allowed: false, status: 401 }],
    ['loopback through a proxy (Forwarded), no token', '::1', { forwarded: 'for=203.0.113.9' }, { allowed: false, status: 401 }],
    ['loopback through a proxy with METRICS_TOKEN', '127.0.0.1', { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` }, { allowed: true }],
    ['remote with METRICS_TOKEN', '10.0.0.5', { authorization: `Bearer ${TOKEN}` }, { allowed: true }],
    ['remote with ADMIN_TOKEN', '10.0.0.5', { authorization: `bearer ${ADMIN}` }, { allowed: true }],
    ['remote with a wrong token', '10.0.0.5', { authorization: `Bearer ${TOKEN}x` }, { allowed: false, status: 401 }],
    ['remote with Basic', '10.0.0.5', { authorization: `Basic ${Buffer.from(`a:${TOKEN}`).toString('base64')}` }, { allowed: false, status: 401 }],
    ['remote without a token', '10.0.0.5', {}, { allowed: false, status: 401 }],
    ['loopback with a wrong token (a token, once sent, is checked)', '127.0.0.1', { authorization: 'Bearer nope' }, { allowed: false, status: 401 }],
  ])('%s', (_name, peer, headers, verdict) => {
    expect(metricsAccess(peer, headers, policy)).toMatchObject(verdict);
  });

  it('with no token configured, other hosts are refused with 403 and told how to get in', () => {
    expect(metricsAccess('10.0.0.5', { authorization: `Bearer ${TOKEN}` }, { tokens: [] })).toEqual({
      allowed: false,
      status: 403,
      detail: '/metrics is served to loopback clients only (set METRICS_TOKEN to let a scraper on another host in with a bearer token).',
    });
  });
});

describe('configuration of /metrics', () => {
  it('refuses a METRICS_TOKEN equal to a SCIM token', () => {
    expect(() => loadConfig({ SCIM_BEARER_TOKEN: TOKEN, METRICS_TOKEN: TOKEN })).toThrow(ConfigError);
    expect(() => loadConfig({ SCIM_BEARER_TOKEN: TOKEN, METRICS_TOKEN: TOKEN })).toThrow('METRICS_TOKEN: must differ from every SCIM_BEARER_TOKEN');
  });

  it('refuses a SCIM base path under /metrics while metrics are on, and allows it when off', () => {
    expect(() => loadConfig({ SCIM_BASE_PATH: '/metrics/scim' })).toThrow('SCIM_BASE_PATH: must not be /metrics or below it');
    expect(loadConfig({ SCIM_BASE_PATH: '/metrics/scim', METRICS_ENABLED: 'false' }).metrics.enabled).toBe(false);
  });

  it('redacts METRICS_TOKEN like every secret', () => {
    expect(secretValues(loadConfig({ METRICS_TOKEN: TOKEN }))).toContain(TOKEN);
  });
});
