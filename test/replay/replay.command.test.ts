import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { buildCli } from '../../src/cli/main';
import { FIXTURES_ROOT } from './support/fixture-suites';
import { REPLAY_SCIM_TOKEN, startReplayBridge, type ReplayBridge } from './support/replay-bridge';

const EMULATOR_KEY = 'cli-replay-emulator-key';
let emulator: RunningEmulator;
let bridge: ReplayBridge;
let dir: string;
let lines: string[];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { apiKey: EMULATOR_KEY } });
  bridge = await startReplayBridge({ jumpcloudUrl: emulator.url, apiKey: EMULATOR_KEY });
});

afterAll(async () => {
  await bridge.close();
  await emulator.close();
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
  lines = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

async function replay(...args: string[]): Promise<number | undefined> {
  await buildCli().exitOverride().parseAsync(['node', 'jumpcloud-scim-bridge', 'replay', ...args]);
  return process.exitCode as number | undefined;
}

describe('replay <folder> --base-url --token', () => {
  it('replays a whole client folder against a running bridge and its emulator', async () => {
    const count = readdirSync(join(FIXTURES_ROOT, 'sailpoint')).filter((name) => name.endsWith('.json')).length;
    const code = await replay(join(FIXTURES_ROOT, 'sailpoint'), '--base-url', bridge.scimBaseUrl, '--token', REPLAY_SCIM_TOKEN, '--emulator-url', emulator.url, '--emulator-key', EMULATOR_KEY);
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(lines.at(-1)).toBe(`${count} passed, 0 failed`);
    expect(code).toBe(0);
  });

  it('prints what differed and exits 1 when a fixture fails', async () => {
    copyFileSync(join(FIXTURES_ROOT, 'sailpoint', 'test-connection.json'), join(dir, 'a-good.json'));
    const broken = JSON.parse(readFileSync(join(FIXTURES_ROOT, 'sailpoint', 'test-connection.json'), 'utf8'));
    broken.steps[0].response.status = 201;
    writeFileSync(join(dir, 'b-broken.json'), JSON.stringify(broken));
    const code = await replay(dir, '--base-url', bridge.scimBaseUrl, '--token', REPLAY_SCIM_TOKEN);
    expect(lines[0]).toMatch(/^PASS a-good\.json/);
    expect(lines[1]).toMatch(/^FAIL b-broken\.json/);
    expect(lines).toContain('     step 1 "ServiceProviderConfig, singular":');
    expect(lines.some((line) => line.includes('status: expected 201, got 200'))).toBe(true);
    expect(lines.at(-1)).toBe('1 passed, 1 failed');
    expect(code).toBe(1);
  });

  it('fails every fixture with a wrong token', async () => {
    copyFileSync(join(FIXTURES_ROOT, 'sailpoint', 'test-connection.json'), join(dir, 'a.json'));
    const code = await replay(dir, '--base-url', bridge.scimBaseUrl, '--token', 'not-the-token-of-this-bridge');
    expect(lines.at(-1)).toBe('0 passed, 1 failed');
    expect(code).toBe(1);
  });

  it('refuses a broken fixture folder loudly (exit 2), replaying nothing', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"title": "no steps"}');
    const code = await replay(dir, '--base-url', bridge.scimBaseUrl, '--token', REPLAY_SCIM_TOKEN);
    expect(lines.join('\n')).toMatch(/Invalid fixture .*broken\.json/);
    expect(code).toBe(2);
  });
});
