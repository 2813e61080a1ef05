import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { startMultiOrgEmulator, type RunningMultiOrgEmulator } from '../../emulator/server';
import { calibrate, registerCalibrate } from '../../src/cli/calibrate.command';
import { recordOutput } from '../support/log-scan/scan-state';
import { ACME_ORG, GLOBEX_ORG, twoTenantSecrets, writeTwoTenants, type TwoTenants } from '../support/two-tenants-file';

/** calibrate's lines, kept for the test and for the log scan: no key may be in them. */
async function calibrated(env: NodeJS.ProcessEnv, options: Parameters<typeof calibrate>[1]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await calibrate(env, options, {
    line: (text) => {
      lines.push(text);
      recordOutput('calibrate output', text);
    },
  });
  return { code, lines };
}

/** Requests that would have changed an organisation: calibrate writes only where --yes-write-to allows. */
const writesTo = (emulator: RunningMultiOrgEmulator, org: string): number => emulator.org(org).requests.list().filter((request) => request.method !== 'GET').length;

/** `calibrate --tenant <id>`: the organisation of one tenant of TENANTS_FILE, with the key its entry names. */
describe('jumpcloud-scim-bridge calibrate --tenant', () => {
  let emulator: RunningMultiOrgEmulator;
  let dir: string;
  let tenants: TwoTenants;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'calibrate-tenant-'));
    const secrets = twoTenantSecrets();
    emulator = await startMultiOrgEmulator({ organizations: [{ id: ACME_ORG }, { id: GLOBEX_ORG, apiKey: secrets.keys.globex }], providerKey: secrets.keys.provider });
    tenants = writeTwoTenants(dir, emulator.url, secrets);
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("learns the tenant's organisation and refuses when --yes-write-to names another (exit 2, nothing written)", async () => {
    const run = await calibrated(tenants.env, { tenant: 'globex', yesWriteTo: ACME_ORG });
    expect(run).toEqual({
      code: 2,
      lines: [
        `calibrate: tenant "globex": organisation ${GLOBEX_ORG} with the key its entry in TENANTS_FILE names`,
        expect.stringMatching(new RegExp(`^calibrate: refusing to write: --yes-write-to names ${ACME_ORG}, but this key acts on organisation ${GLOBEX_ORG}\\b`)),
      ],
    });
    expect(writesTo(emulator, ACME_ORG) + writesTo(emulator, GLOBEX_ORG)).toBe(0);
  });

  it("through the provider's key, acts on the tenant's organisation (x-org-id), not the key's others", async () => {
    const run = await calibrated(tenants.env, { tenant: 'acme' });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toMatch(new RegExp(`^calibrate: refusing to write: this key acts on organisation ${ACME_ORG}\\b.*--yes-write-to ${ACME_ORG}\\. Nothing was written\\.$`));
    expect(emulator.org(ACME_ORG).requests.list().some((request) => request.path === '/api/organizations')).toBe(true);
  });

  it("calibrates the tenant's organisation when --yes-write-to names it, leaving the other organisation untouched", async () => {
    const file = join(dir, 'measured.json');
    const run = await calibrated(tenants.env, { tenant: 'globex', yesWriteTo: GLOBEX_ORG, writeOptions: file, eventWait: 5 });
    expect(run).toEqual({ code: 0, lines: run.lines });
    expect(writesTo(emulator, GLOBEX_ORG)).toBeGreaterThan(0);
    expect(writesTo(emulator, ACME_ORG)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ defaultUserState: 'ACTIVATED' });
    // Everything calibrate created was deleted again.
    expect(emulator.org(GLOBEX_ORG).users.count()).toBe(0);
  });

  it('refuses without --tenant when TENANTS_FILE is set, and an unknown tenant, naming the tenants (exit 2)', async () => {
    expect(await calibrated(tenants.env, { yesWriteTo: ACME_ORG })).toEqual({ code: 2, lines: ['calibrate: configuration: TENANTS_FILE is set: give --tenant <id> (one of: acme, globex)'] });
    expect(await calibrated(tenants.env, { tenant: 'initech', yesWriteTo: ACME_ORG })).toEqual({ code: 2, lines: ['calibrate: configuration: --tenant: TENANTS_FILE defines no tenant "initech" (its tenants: acme, globex)'] });
    const { TENANTS_FILE: _file, ...single } = tenants.env;
    expect((await calibrated(single, { tenant: 'acme' })).lines).toEqual([expect.stringMatching(/^calibrate: configuration: --tenant: needs TENANTS_FILE/)]);
    expect(writesTo(emulator, ACME_ORG)).toBe(0);
  });

  it('takes --tenant on the command line', () => {
    const program = new Command();
    registerCalibrate(program, { line: () => undefined });
    expect(program.commands[0]?.options.map((option) => option.long)).toContain('--tenant');
  });
});
