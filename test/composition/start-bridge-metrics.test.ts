import request from 'supertest';
import { loadConfig } from '../../src/config/load-config';
import type { RunningBridge } from '../../src/composition/start-bridge';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';

/** The change feed's figures reach /metrics of a bridge started as `npm start` starts it. */
describe('change-feed metrics', () => {
  let bridge: RunningBridge;
  beforeAll(async () => {
    bridge = await startScannedBridge(loadConfig({ PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'insights' }));
  });
  afterAll(() => bridge.close());

  it('exports open drift, the feed lag by mode and its consecutive failures', async () => {
    const res = await request(bridge.url).get('/metrics').expect(200);
    expect(res.text).toMatch(/^scim_bridge_drift_open 0$/m);
    expect(res.text).toMatch(/^scim_bridge_changefeed_lag_seconds\{mode="insights"\} \d+$/m);
    expect(res.text).toMatch(/^scim_bridge_changefeed_consecutive_failures \d+$/m);
  });
});
