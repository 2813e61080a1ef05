import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';
// A "real" JumpCloud key aimed at a closed local port: nothing leaves the machine, nothing answers.
const REAL_KEY = { JUMPCLOUD_API_KEY: 'a-real-key', JUMPCLOUD_BASE_URL: 'http://127.0.0.1:9', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off', PORT: '0', HOST: '127.0.0.1' };

describe('OAuth clients count as SCIM authentication for a real JumpCloud key', () => {
  it('still refuses a real key with no SCIM credential of any kind, naming OAUTH_CLIENTS as a way out', async () => {
    const start = startScannedBridge(loadConfig(REAL_KEY));
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow('when JUMPCLOUD_API_KEY is set and OAUTH_CLIENTS is not');
  });

  it('starts with OAUTH_CLIENTS alone, generates no static token, and keeps SCIM closed to the unauthenticated', async () => {
    const bridge = await startScannedBridge(loadConfig({ ...REAL_KEY, OAUTH_CLIENTS: 'sailpoint:sailpoint-secret-0123456789' }));
    try {
      expect(bridge.generatedToken).toBeUndefined();
      await request(bridge.scimBaseUrl).get('/Users').expect(401);
      await request(bridge.url).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'sailpoint', client_secret: 'sailpoint-secret-0123456789' }).expect(200);
    } finally {
      await bridge.close();
    }
  });
});
