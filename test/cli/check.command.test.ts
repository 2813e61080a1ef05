import { Command } from 'commander';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { printCheck, registerCheck, runCheck } from '../../src/cli/check.command';
import type { CheckLine } from '../../src/cli/check-report';
import type { RunningBridge } from '../../src/composition/start-bridge';
import { loadConfig } from '../../src/config/load-config';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';
import { recordOutput, registerSecret } from '../support/log-scan/scan-state';

const KEY = 'check-test-emulator-key';
const TOKEN = 'check-test-scim-token-0123456';

registerSecret('JumpCloud API key', KEY);
registerSecret('SCIM bearer token', TOKEN);

/** runCheck, with what it reports recorded for the log scan: an operator reads it, so no secret may be in it. */
async function scannedCheck(...args: Parameters<typeof runCheck>): Promise<CheckLine[]> {
  const lines = await runCheck(...args);
  for (const line of lines) recordOutput('check output', JSON.stringify(line));
  return lines;
}

const byName = (lines: CheckLine[]) => Object.fromEntries(lines.map((line) => [line.name, line]));
const statuses = (lines: CheckLine[]) => lines.map((line) => `${line.status} ${line.name}`);

describe('jumpcloud-scim-bridge check', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: KEY }, seed: { users: [{ username: 'ada', email: 'ada@example.com' }], groups: [{ name: 'Engineering' }] } });
    dir = mkdtempSync(join(tmpdir(), 'check-test-'));
    env = { JUMPCLOUD_API_KEY: KEY, JUMPCLOUD_BASE_URL: emulator.url, SCIM_BEARER_TOKEN: TOKEN, AUDIT_DB_PATH: join(dir, 'data', 'bridge.db') };
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is green against the emulator: every check passes and the exit code is 0', async () => {
    const lines = await scannedCheck(env);
    expect(statuses(lines)).toEqual([
      'PASS config',
      'PASS audit.database',
      'PASS jumpcloud.key',
      'PASS jumpcloud.users',
      'PASS jumpcloud.groups',
      'PASS jumpcloud.insights',
      'PASS scim.hostUrl',
      'PASS scim.ServiceProviderConfig',
      'PASS scim.ResourceTypes',
      'PASS scim.ResourceTypes/User',
      'PASS scim.ResourceTypes/Group',
      'PASS scim.Schemas',
      'PASS scim.Schemas/User',
      'PASS scim.Users',
      'PASS scim.Groups',
    ]);
    const printed: string[] = [];
    expect(printCheck(lines, { line: (text) => printed.push(text) })).toBe(0);
    expect(printed).toHaveLength(lines.length + 1);
    expect(printed.at(-1)).toBe('15 passed, 0 warnings, 0 failed');
    // The in-process bridge journals in memory: the configured database is not created (nor migrated).
    expect(existsSync(join(dir, 'data', 'bridge.db'))).toBe(false);
  });

  it('is red with a wrong key, and says what to fix', async () => {
    const lines = await scannedCheck({ ...env, JUMPCLOUD_API_KEY: 'not-the-key' });
    const lineOf = byName(lines);
    expect(lineOf['jumpcloud.key']).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('rejected the API key (HTTP 401)') });
    expect(lineOf['jumpcloud.key']?.fix).toContain('JUMPCLOUD_API_KEY');
    expect(lineOf['jumpcloud.key']?.fix).toContain('JUMPCLOUD_REGION=us: try eu');
    expect(lineOf['jumpcloud.groups']?.status).toBe('SKIP');
    // SailPoint's aggregation would fail too: the bridge answers 500 for lists it cannot read.
    expect(lineOf['scim.Users']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('jumpcloud.* lines above') });
    const printed: string[] = [];
    expect(printCheck(lines, { line: (text) => printed.push(text) })).toBe(1);
    expect(printed.find((text) => text.startsWith('FAIL  jumpcloud.key'))).toMatch(/ -> fix: set JUMPCLOUD_API_KEY/);
    // The key is never printed.
    expect(printed.join('\n')).not.toContain('not-the-key');
  });

  it('names every invalid variable and stops there', async () => {
    const lines = await scannedCheck({ ...env, JUMPCLOUD_REGION: 'mars', SCIM_BEARER_TOKEN: 'short' });
    expect(lines.every((line) => line.status === 'FAIL' && line.name === 'config')).toBe(true);
    expect(lines.map((line) => line.detail)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^JUMPCLOUD_REGION: must be one of us, eu/), expect.stringMatching(/^SCIM_BEARER_TOKEN: /)]),
    );
  });

  it('fails a real key without SCIM authentication, as the bridge would refuse to start', async () => {
    const lines = await scannedCheck({ ...env, SCIM_BEARER_TOKEN: '' });
    expect(lines.at(-1)).toMatchObject({ status: 'FAIL', name: 'config', detail: expect.stringContaining('SCIM_BEARER_TOKEN: required') });
  });

  describe('with a multi-tenant (MSP) key', () => {
    const ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    let msp: RunningEmulator;
    beforeAll(async () => {
      msp = await startEmulator({ port: 0, options: { apiKey: KEY, orgIds: [ORG] } });
    });
    afterAll(() => msp.close());

    it('passes with the organisation id and names it', async () => {
      const lines = await scannedCheck({ ...env, JUMPCLOUD_BASE_URL: msp.url, JUMPCLOUD_ORG_ID: ORG });
      expect(byName(lines)['jumpcloud.key']).toMatchObject({ status: 'PASS', detail: expect.stringContaining(`organisation ${ORG}`) });
    });

    it('fails an organisation the key does not administer, pointing at JUMPCLOUD_ORG_ID', async () => {
      const lines = await scannedCheck({ ...env, JUMPCLOUD_BASE_URL: msp.url, JUMPCLOUD_ORG_ID: 'ffffffffffffffffffffffff' });
      expect(byName(lines)['jumpcloud.key']).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('refused organisation ffffffffffffffffffffffff (x-org-id) (HTTP 404)'), fix: expect.stringContaining('JUMPCLOUD_ORG_ID') });
    });

    it('fails without the organisation id, and the hint says an MSP key needs it', async () => {
      const lines = await scannedCheck({ ...env, JUMPCLOUD_BASE_URL: msp.url });
      expect(byName(lines)['jumpcloud.key']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('a multi-tenant (MSP) key also needs JUMPCLOUD_ORG_ID') });
    });
  });

  it('flags an audit database path that cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const lines = await scannedCheck({ ...env, AUDIT_DB_PATH: join(file, 'data', 'bridge.db') });
    expect(byName(lines)['audit.database']).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('is a file, not a folder') });
  });

  it('warns, without failing, when no JumpCloud key is set (the embedded emulator is checked instead)', async () => {
    const lines = await scannedCheck({ AUDIT_DB_PATH: ':memory:' });
    expect(byName(lines)['jumpcloud.target']?.status).toBe('WARN');
    expect(byName(lines)['audit.database']?.status).toBe('WARN');
    expect(byName(lines)['scim.Users']?.status).toBe('PASS');
    expect(lines.some((line) => line.status === 'FAIL')).toBe(false);
  });

  describe('--url: a running bridge', () => {
    let bridge: RunningBridge;
    beforeAll(async () => {
      bridge = await startScannedBridge(loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off' }));
    });
    afterAll(() => bridge.close());

    it('runs the Test Connection calls against it', async () => {
      const lines = await scannedCheck(env, { url: bridge.scimBaseUrl });
      expect(lines.filter((line) => line.status !== 'PASS')).toEqual([]);
      expect(byName(lines)['scim.hostUrl']?.detail).toContain(bridge.scimBaseUrl);
    });

    it('with a wrong token: 401 on every call, and the hint names SCIM_BEARER_TOKEN', async () => {
      const lines = await scannedCheck(env, { url: bridge.scimBaseUrl, token: 'wrong-token-0123456789' });
      const scim = lines.filter((line) => line.name.startsWith('scim.') && line.name !== 'scim.hostUrl');
      expect(scim).toHaveLength(8);
      for (const line of scim) expect(line).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('answered 401'), fix: expect.stringContaining('SCIM_BEARER_TOKEN') });
    });

    it('with a Host URL ending in /Users: works, with a warning naming the right one', async () => {
      const lines = await scannedCheck(env, { url: `${bridge.scimBaseUrl}/Users` });
      expect(byName(lines)['scim.hostUrl']).toMatchObject({ status: 'WARN', fix: `enter ${bridge.scimBaseUrl} as the Host URL` });
      expect(byName(lines)['scim.Schemas']?.status).toBe('PASS');
    });

    it('with a wrong path: 404, and the hint says what the Host URL is', async () => {
      const lines = await scannedCheck(env, { url: `${bridge.url}/scim` });
      expect(byName(lines)['scim.ServiceProviderConfig']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('the Host URL must be the SCIM base') });
    });

    it('with nothing listening: one failure, not eight', async () => {
      const lines = await scannedCheck(env, { url: 'http://127.0.0.1:9/scim/v2' });
      const scim = lines.filter((line) => line.name.startsWith('scim.') && line.name !== 'scim.hostUrl');
      expect(scim).toEqual([expect.objectContaining({ status: 'FAIL', name: 'scim.ServiceProviderConfig', fix: expect.stringContaining('is the bridge running') })]);
    });
  });

  it('is registered on the CLI with --url, --token and --tenant', () => {
    const program = new Command();
    registerCheck(program);
    const check = program.commands.find((command) => command.name() === 'check');
    expect(check?.options.map((option) => option.long)).toEqual(['--url', '--token', '--tenant']);
  });
});
