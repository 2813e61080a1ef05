import { Writable } from 'node:stream';
import winston from 'winston';
import { configWarnings } from '../../src/config/config-warnings';
import { loadConfig } from '../../src/config/load-config';
import { startBridge } from '../../src/composition/start-bridge';
import { createLogger } from '../../src/logging/logger';
import cases from './config-warnings.cases.json';
import { recordOutput, registerSecret } from '../support/log-scan/scan-state';
import { registerConfigSecrets } from '../support/log-scan/register-config';

describe('configWarnings', () => {
  it.each(cases)('TRUST_PROXY as $name: warns = $warns', ({ trustProxy, warns }) => {
    const warnings = configWarnings(loadConfig({ TRUST_PROXY: trustProxy })).filter((warning) => warning.setting === 'TRUST_PROXY');
    expect(warnings).toHaveLength(warns ? 1 : 0);
    if (warns) {
      expect(warnings[0]?.message).toContain(`TRUST_PROXY=${trustProxy} believes X-Forwarded-For from any client that reaches the port directly`);
      expect(warnings[0]?.message).toContain('Set TRUST_PROXY to the proxy addresses or CIDR ranges instead');
    }
  });
});

describe('startBridge with a numeric TRUST_PROXY', () => {
  it('logs the warning once, at warn level, naming the setting', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        // What this test reads of the log, the log scan reads too.
        recordOutput('bridge log', chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'info', transports: [new winston.transports.Stream({ stream: sink })] });
    const config = loadConfig({ AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', TRUST_PROXY: '1', CHANGEFEED_MODE: 'off' });
    registerConfigSecrets(config);
    const bridge = await startBridge(config, { logger });
    registerSecret('JumpCloud API key', bridge.jumpcloud.apiKey);
    registerSecret('SCIM bearer token', bridge.generatedToken);
    try {
      const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.setting === 'TRUST_PROXY');
      expect(warnings).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringContaining('TRUST_PROXY=1 believes X-Forwarded-For') })]);
    } finally {
      await bridge.close();
    }
  });
});
