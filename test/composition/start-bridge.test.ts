import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import type { RunningBridge } from '../../src/composition/start-bridge';
import { bridgeBanner } from '../../src/cli/banner';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';

// The journal and state live in memory here: a test must not leave ./data behind.
const EPHEMERAL = { AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off' };

describe('startBridge (what npm start runs)', () => {
  describe('with no JumpCloud key', () => {
    let bridge: RunningBridge;
    beforeAll(async () => {
      bridge = await startScannedBridge(loadConfig({ ...EPHEMERAL, PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0' }));
    });
    afterAll(() => bridge.close());

    it('starts the embedded, seeded emulator and generates a SCIM token', () => {
      expect(bridge.jumpcloud.mode).toBe('emulator');
      expect(bridge.jumpcloud.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(bridge.generatedToken).toMatch(/^scim_[A-Za-z0-9_-]{32}$/);
      expect(bridge.scimBaseUrl).toBe(`${bridge.url}/scim/v2`);
    });

    it('prints the URLs, the token, the emulator key and a curl line that works', async () => {
      const banner = bridgeBanner(bridge, '1.2.3');
      expect(banner).toContain(bridge.scimBaseUrl);
      expect(banner).toContain(bridge.generatedToken as string);
      expect(banner).toContain(bridge.jumpcloud.apiKey);
      // Run the printed curl line's request: its header and its URL.
      const [, header, url] = /curl -s -H '([^']+)' '([^']+)'/.exec(banner) ?? [];
      const [name, value] = (header as string).split(': ');
      const res = await request(url as string).get('').set(name as string, value as string).expect(200);
      expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], itemsPerPage: 2 });
      expect(res.body.totalResults).toBeGreaterThan(5);
    });

    it('serves the sample directory from the emulator', async () => {
      const res = await request(bridge.jumpcloud.baseUrl as string).get('/api/systemusers?limit=1').set('x-api-key', bridge.jumpcloud.apiKey).expect(200);
      expect(res.body.totalCount).toBeGreaterThan(5);
    });
  });

  it('refuses a real JumpCloud key without SCIM authentication, and says why', async () => {
    const start = startScannedBridge(loadConfig({ ...EPHEMERAL, PORT: '0', JUMPCLOUD_API_KEY: 'a-real-key', JUMPCLOUD_BASE_URL: 'http://127.0.0.1:9' }));
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow('SCIM_BEARER_TOKEN: required (or SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD) when JUMPCLOUD_API_KEY is set');
  });

  it('uses the configured token and key, without generating any', async () => {
    const bridge = await startScannedBridge(loadConfig({ ...EPHEMERAL, PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', SCIM_BEARER_TOKEN: 'configured-token-0123456789', EMULATOR_API_KEY: 'configured-emulator-key' }));
    try {
      expect(bridge.generatedToken).toBeUndefined();
      expect(bridge.jumpcloud.apiKey).toBe('configured-emulator-key');
    } finally {
      await bridge.close();
    }
  });
});
