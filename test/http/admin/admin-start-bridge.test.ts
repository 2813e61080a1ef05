import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../../src/config/load-config';
import type { RunningBridge } from '../../../src/composition/start-bridge';
import { ADMIN_TOKEN } from '../../support/bridge-harness';
import { startScannedBridge } from '../../support/log-scan/scanned-bridge';
const SCIM = 'start-bridge-scim-token-0123456789';

/** The admin endpoints as `npm start` wires them: over the durable SQLite journal the SCIM writes fill. */
describe('startBridge with ADMIN_TOKEN', () => {
  let dir: string;
  let bridge: RunningBridge;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-bridge-'));
    const env = { PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', SCIM_BEARER_TOKEN: SCIM, ADMIN_TOKEN, AUDIT_DB_PATH: join(dir, 'bridge.db'), AUDIT_LOG_FILE: 'off' };
    bridge = await startScannedBridge(loadConfig(env));
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a SCIM create in /admin/events and in the user history', async () => {
    const created = await request(bridge.scimBaseUrl)
      .post('/Users')
      .set('Authorization', `Bearer ${SCIM}`)
      .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'dana.admin@example.com', emails: [{ value: 'dana.admin@example.com', type: 'work', primary: true }] })
      .expect(201);
    const events = await request(bridge.url).get('/admin/events?user=dana.admin@example.com&type=joiner').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0]).toMatchObject({ type: 'joiner', outcome: 'succeeded', scimId: created.body.id, userName: 'dana.admin@example.com' });
    const history = await request(bridge.url).get(`/admin/users/${created.body.id}/history`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(history.body.events[0]).toMatchObject({ type: 'joiner' });
    const pending = await request(bridge.url).get('/admin/pending-activations').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(pending.body.pendingActivations.map((p: { id: string }) => p.id)).toContain(created.body.id);
  });

  it('refuses the SCIM token on /admin', async () => {
    await request(bridge.url).get('/admin/events').set('Authorization', `Bearer ${SCIM}`).expect(401);
  });
});

describe('startBridge without ADMIN_TOKEN', () => {
  it('has no admin endpoints', async () => {
    const bridge = await startScannedBridge(loadConfig({ PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off' }));
    try {
      await request(bridge.url).get('/admin/events').set('Authorization', `Bearer ${bridge.generatedToken}`).expect(404);
    } finally {
      await bridge.close();
    }
  });
});
