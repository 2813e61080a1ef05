import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configForTenant, selectTenant } from '../../src/cli/tenant-option';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import { ACME_ORG, GLOBEX_ORG, writeTwoTenants, type TwoTenants } from '../support/two-tenants-file';

/** The problems of the ConfigError `act` throws; fails the test when it throws nothing. */
function problemsOf(act: () => unknown): string[] {
  try {
    act();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** `--tenant <id>` of the CLI commands: which configuration a command acts with. */
describe('configForTenant', () => {
  let dir: string;
  let tenants: TwoTenants;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenant-option-'));
    tenants = writeTwoTenants(dir, 'http://127.0.0.1:9');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without TENANTS_FILE and without --tenant is the configuration of the environment, as before tenants', () => {
    const env = { AUDIT_DB_PATH: join(dir, 'single.db'), JUMPCLOUD_API_KEY: tenants.keys.globex, SCIM_BEARER_TOKEN: tenants.tokens.globex };
    expect(configForTenant(env, undefined)).toEqual(loadConfig(env));
    expect(selectTenant(env, undefined).id).toBeUndefined();
  });

  it("with --tenant is that tenant's own configuration: its key, organisation, credential and journal", () => {
    const { id, config } = selectTenant(tenants.env, 'globex');
    expect(id).toBe('globex');
    expect(config.jumpcloud).toMatchObject({ apiKey: tenants.keys.globex, orgId: GLOBEX_ORG, baseUrl: 'http://127.0.0.1:9' });
    expect(config.scimBearerTokens).toEqual([tenants.tokens.globex]);
    expect(config.audit.dbPath).toBe(tenants.dbPaths.globex);
    expect(config.scimBasePath).toBe('/globex/scim/v2');
    expect(config.tenants).toBeUndefined();
    // The other tenant's settings are its own.
    expect(configForTenant(tenants.env, 'acme').jumpcloud).toMatchObject({ apiKey: tenants.keys.provider, orgId: ACME_ORG });
  });

  it('takes the id in any case, as the tenants file compares ids', () => {
    expect(selectTenant(tenants.env, 'GLOBEX').id).toBe('globex');
  });

  it('refuses to act without --tenant when TENANTS_FILE is set, naming the option and the ids', () => {
    expect(problemsOf(() => configForTenant(tenants.env, undefined))).toEqual(['TENANTS_FILE is set: give --tenant <id> (one of: acme, globex)']);
  });

  it('refuses an id the tenants file does not define, naming the ones it does', () => {
    expect(problemsOf(() => configForTenant(tenants.env, 'initech'))).toEqual(['--tenant: TENANTS_FILE defines no tenant "initech" (its tenants: acme, globex)']);
  });

  it('refuses --tenant without TENANTS_FILE', () => {
    const { TENANTS_FILE: _file, ...single } = tenants.env;
    expect(problemsOf(() => configForTenant(single, 'acme'))).toEqual([expect.stringMatching(/^--tenant: needs TENANTS_FILE, the tenants file that defines tenant "acme"/)]);
  });

  it("passes the tenants file's own problems on, without a secret", () => {
    const { GLOBEX_JUMPCLOUD_KEY: _key, ...missingKey } = tenants.env;
    const problems = problemsOf(() => configForTenant(missingKey, 'acme'));
    expect(problems).toEqual([expect.stringMatching(/^tenants\[1\] "globex": jumpcloud\.apiKey: .*GLOBEX_JUMPCLOUD_KEY/)]);
    expect(problems.join('\n')).not.toContain(tenants.keys.provider);
  });
});
