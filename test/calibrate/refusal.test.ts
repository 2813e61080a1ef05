import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ORGANIZATION_ID } from '../../emulator/default-options';
import { BEHAVIOUR_SWITCHES } from '../../emulator/option-switches';
import { calibrateAgainst, directorySnapshot, KEY, startCalibrationTarget } from './support/calibration-harness';

const ORG_A = '64b0a1f2c3d4e5f6a7b8c9aa';
const ORG_B = '64b0a1f2c3d4e5f6a7b8c9bb';

/** Every request the emulator received, as `METHOD path`. */
async function requestsSeen(url: string): Promise<string[]> {
  const log = (await (await fetch(`${url}/__emulator/requests`, { headers: { 'x-api-key': KEY } })).json()) as { method: string; path: string }[];
  return log.map((entry) => `${entry.method} ${entry.path}`).filter((entry) => !entry.includes('/__emulator'));
}

describe('calibrate writes only to the organisation --yes-write-to names', () => {
  it.each([
    ['another organisation', '000000000000000000000000', `--yes-write-to names 000000000000000000000000, but this key acts on organisation ${DEFAULT_ORGANIZATION_ID} (JumpCloud emulator)`],
    ['no organisation', undefined, `this key acts on organisation ${DEFAULT_ORGANIZATION_ID} (JumpCloud emulator)`],
  ])('refuses when --yes-write-to names %s: one read, no write, no options file, exit 2', async (_title, yesWriteTo, said) => {
    const target = await startCalibrationTarget();
    try {
      const before = await directorySnapshot(target.emulator);
      await fetch(`${target.emulator.url}/__emulator/requests`, { method: 'DELETE', headers: { 'x-api-key': KEY } });
      const file = join(target.dir, 'measured.json');
      const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo, writeOptions: file });
      expect(run.exitCode).toBe(2);
      expect(lines).toEqual([
        `calibrate: refusing to write: ${said}. calibrate creates and deletes temporary users and groups there; if that is your sandbox, run again with --yes-write-to ${DEFAULT_ORGANIZATION_ID}. Nothing was written.`,
      ]);
      expect(await requestsSeen(target.emulator.url)).toEqual(['GET /api/organizations']);
      expect(existsSync(file)).toBe(false);
      expect(await directorySnapshot(target.emulator)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('accepts the id in any case', async () => {
    const target = await startCalibrationTarget();
    try {
      const { run } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID.toUpperCase() });
      expect(run.organisation?.id).toBe(DEFAULT_ORGANIZATION_ID);
      expect(run.outcomes).toHaveLength(BEHAVIOUR_SWITCHES.length);
    } finally {
      await target.close();
    }
  });

  it('a multi-tenant key acts on JUMPCLOUD_ORG_ID (sent as x-org-id on every call)', async () => {
    const target = await startCalibrationTarget({ orgIds: [ORG_A, ORG_B] });
    try {
      const refused = await calibrateAgainst(target.emulator, { yesWriteTo: ORG_A }, ORG_B);
      expect(refused.run.exitCode).toBe(2);
      expect(refused.lines[0]).toContain(`but this key acts on organisation ${ORG_B} (JumpCloud emulator 2)`);
      const { run } = await calibrateAgainst(target.emulator, { yesWriteTo: ORG_B }, ORG_B);
      expect(run.exitCode).toBe(0);
      const log = (await (await fetch(`${target.emulator.url}/__emulator/requests`, { headers: { 'x-api-key': KEY } })).json()) as { path: string; headers: Record<string, string> }[];
      const api = log.filter((entry) => !entry.path.startsWith('/__emulator'));
      expect(api.length).toBeGreaterThan(30);
      expect(api.every((entry) => entry.headers['x-org-id'] === ORG_B)).toBe(true);
    } finally {
      await target.close();
    }
  });

  it.each([
    // NOTES.md: a multi-tenant key without x-org-id answers 401.
    ['a multi-tenant key without JUMPCLOUD_ORG_ID', undefined, 'calibrate: JumpCloud refused the key (HTTP 401): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID. Nothing was written.'],
    ['an org id the key does not administer', '64b0a1f2c3d4e5f6a7b8c9cc', 'calibrate: JumpCloud refused JUMPCLOUD_ORG_ID 64b0a1f2c3d4e5f6a7b8c9cc (HTTP 404): it is not an organisation this key administers. Nothing was written.'],
  ])('cannot tell the organisation for %s: exit 2, nothing written', async (_title, orgId, said) => {
    const target = await startCalibrationTarget({ orgIds: [ORG_A, ORG_B] });
    try {
      const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: ORG_A }, orgId);
      expect(run.exitCode).toBe(2);
      expect(lines).toEqual([said]);
    } finally {
      await target.close();
    }
  });
});
