import { Command } from 'commander';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ORGANIZATION_ID } from '../../emulator/default-options';
import { BEHAVIOUR_SWITCHES } from '../../emulator/option-switches';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { calibrate, registerCalibrate } from '../../src/cli/calibrate.command';
import { buildCli } from '../../src/cli/main';
import { recordOutput, registerSecret } from '../support/log-scan/scan-state';

const KEY = 'calibrate-cli-emulator-key';
registerSecret('JumpCloud API key', KEY);
registerSecret('JumpCloud API key', 'secret-key-value');

/** Keeps what calibrate prints for the test, and for the log scan: no key may be in it. */
const collect =
  (lines: string[]) =>
  (text: string): void => {
    lines.push(text);
    recordOutput('calibrate output', text);
  };

describe('jumpcloud-scim-bridge calibrate', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: KEY } });
    dir = mkdtempSync(join(tmpdir(), 'calibrate-cli-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a subcommand of the one binary', () => {
    expect(buildCli().commands.map((command) => command.name())).toContain('calibrate');
  });

  it('without a JumpCloud key there is nothing to calibrate: it says so and exits 2', async () => {
    const lines: string[] = [];
    expect(await calibrate({}, { yesWriteTo: DEFAULT_ORGANIZATION_ID }, { line: collect(lines) })).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^calibrate: JUMPCLOUD_API_KEY is unset: there is no JumpCloud organisation to calibrate/);
  });

  it('an invalid configuration is reported variable by variable (exit 2), the key never printed', async () => {
    const lines: string[] = [];
    const code = await calibrate({ JUMPCLOUD_API_KEY: 'secret-key-value', JUMPCLOUD_REGION: 'mars' }, {}, { line: collect(lines) });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^calibrate: configuration: JUMPCLOUD_REGION: must be one of us, eu/)]);
    expect(lines.join('\n')).not.toContain('secret-key-value');
  });

  it('uses the bridge\'s JumpCloud settings, runs every probe and writes the options file (exit 0)', async () => {
    const file = join(dir, 'measured.json');
    const lines: string[] = [];
    const env = { JUMPCLOUD_API_KEY: KEY, JUMPCLOUD_BASE_URL: emulator.url };
    const code = await calibrate(env, { yesWriteTo: DEFAULT_ORGANIZATION_ID, writeOptions: file, eventWait: 5 }, { line: collect(lines) });
    expect({ code, lines }).toEqual({ code: 0, lines });
    expect(lines.filter((line) => / {3}emulator: /.test(line))).toHaveLength(BEHAVIOUR_SWITCHES.length);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ defaultUserState: 'ACTIVATED', adminEmail: 'admin@example.com' });
  });

  it('parses its options (--event-wait in whole seconds) and sets the exit code', async () => {
    const program = new Command().exitOverride();
    const lines: string[] = [];
    registerCalibrate(program, { line: collect(lines) });
    program.commands[0]?.exitOverride().configureOutput({ writeErr: () => undefined });
    await expect(program.parseAsync(['node', 'cli', 'calibrate', '--event-wait', 'soon'])).rejects.toThrow(/whole number of seconds/);
    const saved = { key: process.env.JUMPCLOUD_API_KEY, exitCode: process.exitCode };
    delete process.env.JUMPCLOUD_API_KEY;
    try {
      await program.parseAsync(['node', 'cli', 'calibrate', '--yes-write-to', DEFAULT_ORGANIZATION_ID, '--write-options', join(dir, 'never.json')]);
      expect(process.exitCode).toBe(2);
      expect(existsSync(join(dir, 'never.json'))).toBe(false);
    } finally {
      if (saved.key !== undefined) process.env.JUMPCLOUD_API_KEY = saved.key;
      process.exitCode = saved.exitCode;
    }
  });
});
