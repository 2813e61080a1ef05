import { Option } from 'commander';
import { ConfigError, loadConfig, type BridgeConfig } from '../config/load-config';
import { loadTenants, TenantsFileError } from '../config/tenants-file';

/** `--tenant <id>`, as every command acting on one tenant of TENANTS_FILE takes it. */
export const tenantOption = (what: string): Option => new Option('--tenant <id>', `with TENANTS_FILE: the tenant whose ${what} (its id in the tenants file)`);

/**
 * Whether the environment names a tenants file (read as loadConfig reads it: an empty value is
 * unset), for commands that decide on it before loading the whole configuration.
 */
export function tenantsFileSet(env: NodeJS.ProcessEnv): boolean {
  return env.TENANTS_FILE !== undefined && env.TENANTS_FILE !== '';
}

/** The tenant a command acts for (undefined: the single-tenant bridge) and the configuration it acts with. */
export interface SelectedTenant {
  /** The tenant's id as the tenants file spells it. */
  id?: string;
  config: BridgeConfig;
}

/**
 * The configuration a command acts with. Without `tenantId`: loadConfig(env), as before tenants
 * existed, unless TENANTS_FILE is set, where the global settings are no tenant's (not its key,
 * organisation, credentials nor journal), so the command is refused with the ids to choose from.
 * With `tenantId` (any case): that tenant's BridgeConfig, derived from the global configuration
 * and its tenants-file entry exactly as the bridge derives it (own JumpCloud settings and
 * credentials, journal `<dir of AUDIT_DB_PATH>/tenants/<id>.db`). Every refusal is a ConfigError
 * whose problems say what to give; the tenants file's own problems are passed on as they are
 * (never a secret).
 */
export function selectTenant(env: NodeJS.ProcessEnv, tenantId: string | undefined): SelectedTenant {
  const base = loadConfig(env);
  if (!base.tenants) {
    if (tenantId === undefined) return { config: base };
    throw new ConfigError([`--tenant: needs TENANTS_FILE, the tenants file that defines tenant "${tenantId}"; without it the bridge serves one organisation: leave --tenant out`]);
  }
  let tenants;
  try {
    tenants = loadTenants(base.tenants.file, base, env);
  } catch (err) {
    if (err instanceof TenantsFileError) throw new ConfigError(err.problems);
    throw err;
  }
  const known = tenants.map((tenant) => tenant.id).join(', ');
  if (tenantId === undefined) throw new ConfigError([`TENANTS_FILE is set: give --tenant <id> (one of: ${known})`]);
  const wanted = tenantId.toLowerCase();
  const tenant = tenants.find((candidate) => candidate.id.toLowerCase() === wanted);
  if (!tenant) throw new ConfigError([`--tenant: TENANTS_FILE defines no tenant "${tenantId}" (its tenants: ${known})`]);
  return { id: tenant.id, config: tenant.config };
}

/** selectTenant's configuration alone: what `check` and `calibrate` act with. */
export function configForTenant(env: NodeJS.ProcessEnv, tenantId: string | undefined): BridgeConfig {
  return selectTenant(env, tenantId).config;
}
