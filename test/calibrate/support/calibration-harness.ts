import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorOptions, SeedDocument } from '../../../emulator/context';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { runCalibration, type CalibrateRequest, type CalibrationRun } from '../../../src/calibrate/run-calibration';

export const KEY = 'calibrate-test-emulator-key';

/** A few objects that are not the run's: they must survive it untouched. */
export const SEED: SeedDocument = {
  users: [
    { username: 'ada', email: 'ada@example.com' },
    { username: 'grace', email: 'grace@example.com' },
  ],
  groups: [{ name: 'Engineering', members: ['ada'] }],
};

/** Fast waits: the emulator records events at once and faults are deterministic. */
export const FAST_TIMING = { eventWaitMs: 1_000, pollIntervalMs: 20, cleanupAttempts: 3, cleanupRetryDelayMs: 5 };

/** Ids (and names) of every user and group the emulator holds, read over its API. */
export async function directorySnapshot(emulator: RunningEmulator): Promise<{ users: string[]; groups: string[] }> {
  const headers = { 'x-api-key': KEY };
  const users = (await (await fetch(`${emulator.url}/api/systemusers?limit=100&sort=_id`, { headers })).json()) as { results: { _id: string; username: string }[] };
  const groups = (await (await fetch(`${emulator.url}/api/v2/usergroups?limit=100`, { headers })).json()) as { id: string; name: string }[];
  return {
    users: users.results.map((user) => `${user._id} ${user.username}`).sort(),
    groups: groups.map((group) => `${group.id} ${group.name}`).sort(),
  };
}

/** Sets fault rules on the emulator (`/__emulator/faults`). */
export async function setFaults(emulator: RunningEmulator, rules: unknown[]): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/faults`, { method: 'PUT', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify(rules) });
  if (response.status !== 200) throw new Error(`setting faults answered ${response.status}`);
}

/** A started emulator with a temp folder; `close` stops both. */
export async function startCalibrationTarget(options: Partial<EmulatorOptions> = {}): Promise<{ emulator: RunningEmulator; dir: string; close(): Promise<void> }> {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', options: { ...options, apiKey: KEY }, seed: SEED });
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-test-'));
  return {
    emulator,
    dir,
    close: async () => {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs calibrate against the emulator, capturing what it prints. */
export async function calibrateAgainst(emulator: RunningEmulator, request: CalibrateRequest, orgId?: string): Promise<{ run: CalibrationRun; lines: string[] }> {
  const lines: string[] = [];
  const run = await runCalibration(
    { apiKey: KEY, region: 'us', baseUrl: emulator.url, orgId, timeoutMs: 5_000 },
    { timing: FAST_TIMING, ...request },
    { line: (text) => lines.push(text) },
  );
  return { run, lines };
}
