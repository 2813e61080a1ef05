import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMultiOrgEmulator, type RunningMultiOrgEmulator } from '../../emulator/server';
import { printCheck, registerCheck, runCheck } from '../../src/cli/check.command';
import type { CheckLine } from '../../src/cli/check-report';
import { startBridge, type RunningBridge } from '../../src/composition/start-bridge';
import { loadConfig } from '../../src/config/load-config';
import { captureBridgeLog } from '../support/log-scan/bridge-log';
import { recordOutput } from '../support/log-scan/scan-state';
import { ACME_ORG, GLOBEX_ORG, twoTenantSecrets, writeTwoTenants, type TwoTenants } from '../support/two-tenants-file';

/** runCheck, with what it reports recorded for the log scan: an operator reads it, so no secret may be in it. */
async function scannedCheck(...args: Parameters<typeof runCheck>): Promise<CheckLine[]> {
  const lines = await runCheck(...args);
  for (const line of lines) recordOutput('check output', JSON.stringify(line));
  return lines;
}

const byName = (lines: CheckLine[]) => Object.fromEntries(lines.map((line) => [line.name, line]));
const statuses = (lines: CheckLine[]) => lines.map((line) => `${line.status} ${line.name}`);

/** `check --tenant <id>`: the pre-flight of one tenant of TENANTS_FILE, with that tenant's organisation, key and credential. */
describe('jumpcloud-scim-bridge check --tenant', () => {
  let emulator: RunningMultiOrgEmulator;
  let dir: string;
  let tenants: TwoTenants;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'check-tenant-'));
    const secrets = twoTenantSecrets();
    // acme reaches its organisation with the provider's key (x-org-id), globex with its organisation's own key.
    emulator = await startMultiOrgEmulator({
      organizations: [
        { id: ACME_ORG, seed: { users: [{ username: 'ann', email: 'ann@acme.example' }] } },
        { id: GLOBEX_ORG, apiKey: secrets.keys.globex, seed: { users: [{ username: 'gus', email: 'gus@globex.example' }] } },
      ],
      providerKey: secrets.keys.provider,
    });
    tenants = writeTwoTenants(dir, emulator.url, secrets);
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is green for each tenant, on that tenant's organisation with that tenant's key", async () => {
    for (const [tenant, org, other] of [
      ['acme', ACME_ORG, GLOBEX_ORG],
      ['globex', GLOBEX_ORG, ACME_ORG],
    ] as const) {
      const before = { own: emulator.org(org).requests.count(), other: emulator.org(other).requests.count() };
      const lines = await scannedCheck(tenants.env, { tenant });
      expect(lines.filter((line) => line.status !== 'PASS')).toEqual([]);
      expect(statuses(lines)).toContain('PASS scim.Users');
      expect(byName(lines).config?.detail).toBe(`the environment and tenant "${tenant}" of TENANTS_FILE are a valid configuration`);
      expect(byName(lines)['audit.database']?.detail).toContain(join('tenants', `${tenant}.db`));
      // The in-process bridge serves the tenant at its own base path.
      expect(byName(lines)['scim.hostUrl']?.detail).toMatch(new RegExp(`started on http://127\\.0\\.0\\.1:\\d+/${tenant}/scim/v2$`));
      // Every JumpCloud call went to the tenant's organisation, none to the other's.
      expect(emulator.org(org).requests.count()).toBeGreaterThan(before.own);
      expect(emulator.org(other).requests.count()).toBe(before.other);
    }
  });

  it("fails on the tenant's wrong key, pointing at the tenants file", async () => {
    const lines = await scannedCheck({ ...tenants.env, GLOBEX_JUMPCLOUD_KEY: 'not-the-globex-key-0123' }, { tenant: 'globex' });
    expect(byName(lines)['jumpcloud.key']).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('HTTP 401'), fix: expect.stringContaining('for tenant "globex": its jumpcloud.apiKey, region, baseUrl and orgId in the tenants file') });
    const printed: string[] = [];
    expect(printCheck(lines, { line: (text) => printed.push(text) })).toBe(1);
    expect(printed.join('\n')).not.toContain('not-the-globex-key-0123');
  });

  it('refuses to check without --tenant when TENANTS_FILE is set, naming the option and the tenants', async () => {
    const lines = await scannedCheck(tenants.env);
    expect(lines).toEqual([{ status: 'FAIL', name: 'config', detail: 'TENANTS_FILE is set: give --tenant <id> (one of: acme, globex)', fix: expect.stringContaining('give --tenant') }]);
  });

  it('refuses an unknown tenant, naming the known ones', async () => {
    const lines = await scannedCheck(tenants.env, { tenant: 'initech' });
    expect(lines).toEqual([{ status: 'FAIL', name: 'config', detail: '--tenant: TENANTS_FILE defines no tenant "initech" (its tenants: acme, globex)', fix: expect.stringContaining('give --tenant') }]);
  });

  it("reports the tenants file's problems as configuration failures", async () => {
    const { ACME_SCIM_TOKEN: _token, ...missing } = tenants.env;
    const lines = await scannedCheck(missing, { tenant: 'globex' });
    expect(lines).toEqual([expect.objectContaining({ status: 'FAIL', name: 'config', detail: expect.stringMatching(/^tenants\[0\] "acme": scim\.bearerTokens\[0\]: .*ACME_SCIM_TOKEN/), fix: expect.stringContaining('tenants file') })]);
  });

  describe('--url: the running tenants bridge', () => {
    let bridge: RunningBridge;
    beforeAll(async () => {
      const config = loadConfig({ ...tenants.env, PORT: '0', HOST: '127.0.0.1', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off' });
      // The tenants file's secrets come from this environment, not the test process's.
      bridge = await startBridge(config, { logger: captureBridgeLog(config), env: tenants.env });
    });
    afterAll(() => bridge.close());

    it("checks a tenant's base URL with that tenant's credential", async () => {
      const lines = await scannedCheck(tenants.env, { tenant: 'acme', url: `${bridge.url}/acme/scim/v2` });
      expect(lines.filter((line) => line.status !== 'PASS')).toEqual([]);
    });

    it("is refused (401) on another tenant's base URL: the credential is the tenant's own", async () => {
      const lines = await scannedCheck(tenants.env, { tenant: 'acme', url: `${bridge.url}/globex/scim/v2` });
      const scim = lines.filter((line) => line.name.startsWith('scim.') && line.name !== 'scim.hostUrl');
      expect(scim.length).toBeGreaterThan(0);
      for (const line of scim) expect(line).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('answered 401') });
    });
  });

  it('is registered on the CLI with --tenant', () => {
    const program = new Command();
    registerCheck(program);
    const check = program.commands.find((command) => command.name() === 'check');
    expect(check?.options.map((option) => option.long)).toContain('--tenant');
  });
});
