import request from 'supertest';
import { createApp } from '../../src/http/app';
import { captureLogger } from '../support/log-scan/capture-logger';

const captured = captureLogger();
const ADMIN_TOKEN = 'readyz-admin-token-0123456789';
const DB_PATH = '/var/lib/bridge/secret-location/bridge.db';
const RAW_ERROR = 'SQLITE_CANTOPEN: unable to open database file /var/lib/bridge/secret-location/bridge.db';

/** An unready bridge whose checks carry the kind of detail an anonymous caller must not see. */
function unreadyApp(readinessDetailsToken?: string) {
  return createApp({
    logger: captured,
    health: { jumpcloud: 'jumpcloud', version: 'test' },
    readiness: async () => ({
      ready: false,
      checks: {
        jumpcloud: { ok: true, detail: 'JumpCloud accepted the API key' },
        auditStore: { ok: false, detail: `the audit database ${DB_PATH} is gone: ${RAW_ERROR}` },
      },
      changefeed: { mode: 'scan', fallbackReason: 'Directory Insights answered HTTP 403' },
    }),
    readinessDetailsToken,
  });
}

describe('GET /readyz keeps its details for the admin', () => {
  const anonymousView = { status: 'not ready', jumpcloud: 'jumpcloud', checks: { jumpcloud: { ok: true }, auditStore: { ok: false } } };

  it.each([
    ['no credential', undefined],
    ['a wrong bearer token', `Bearer not-the-admin-token-0123456789`],
    ['the admin token under Basic', `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`],
  ])('answers the status and each check\'s name and ok only to a caller with %s', async (_name, authorization) => {
    const call = request(unreadyApp(ADMIN_TOKEN)).get('/readyz');
    if (authorization) call.set('Authorization', authorization);
    const res = await call.expect(503);
    expect(res.body).toEqual(anonymousView);
    expect(res.text).not.toContain('secret-location');
    expect(res.text).not.toContain('SQLITE');
  });

  it('answers only the anonymous view when no ADMIN_TOKEN is configured, whatever the caller sends', async () => {
    const res = await request(unreadyApp(undefined)).get('/readyz').set('Authorization', 'Bearer ').expect(503);
    expect(res.body).toEqual(anonymousView);
  });

  it('gives the admin token holder every check\'s detail and the change feed status', async () => {
    const res = await request(unreadyApp(ADMIN_TOKEN)).get('/readyz').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(503);
    expect(res.body.checks.auditStore).toEqual({ ok: false, detail: expect.stringContaining(DB_PATH) });
    expect(res.body.changefeed).toEqual({ mode: 'scan', fallbackReason: 'Directory Insights answered HTTP 403' });
  });
});
