import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type BridgeConfig } from '../config/load-config';
import { IN_MEMORY } from '../state/sqlite-database';
import type { CheckLine } from './check-report';
import { configForTenant } from './tenant-option';

/**
 * The configuration, validated as the bridge validates it at start (with `tenant`: that tenant's,
 * from TENANTS_FILE, whose problems are the file's); one FAIL line per problem.
 */
export function checkConfig(env: NodeJS.ProcessEnv, tenant?: string): { config?: BridgeConfig; lines: CheckLine[] } {
  try {
    const config = configForTenant(env, tenant);
    const detail = tenant === undefined ? 'the environment is a valid configuration' : `the environment and tenant "${tenant}" of TENANTS_FILE are a valid configuration`;
    return { config, lines: [{ status: 'PASS', name: 'config', detail }] };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return {
      lines: err.problems.map((problem) => ({ status: 'FAIL', name: 'config', detail: problem, fix: fixOf(problem) })),
    };
  }
}

/** What to do about one configuration problem: a variable's, the tenants file's, or the command line's. */
function fixOf(problem: string): string {
  if (problem.startsWith('--tenant') || problem.startsWith('TENANTS_FILE is set')) return 'give --tenant one of the tenants of TENANTS_FILE, or leave it out without TENANTS_FILE';
  if (problem.startsWith('tenants') || problem.startsWith('TENANTS_FILE:')) return 'correct the tenants file (README "Managed service providers")';
  return 'correct that variable (README "Configuration" lists each one with its rule)';
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the bridge will be able to write its audit database, without opening it (opening
 * migrates it, which a check must not do to a database a running bridge uses): the file, or the
 * nearest existing folder above it, must be writable by this user.
 */
export function checkAuditPath(config: BridgeConfig): CheckLine {
  const path = config.audit.dbPath;
  if (path === IN_MEMORY) {
    return { status: 'WARN', name: 'audit.database', detail: 'AUDIT_DB_PATH is :memory: the journal and meta.lastModified are lost at every restart', fix: 'set AUDIT_DB_PATH to a file on a persistent volume' };
  }
  const fix = 'make it writable by the user running the bridge (the image runs as node, uid 1000; mount a volume at /app/data)';
  if (existsSync(path)) {
    // WAL mode writes -wal and -shm files beside the database: the folder must be writable too.
    if (writable(path) && writable(dirname(resolve(path)))) return { status: 'PASS', name: 'audit.database', detail: `${path} exists and is writable` };
    return { status: 'FAIL', name: 'audit.database', detail: `${path} or its folder is not writable`, fix };
  }
  let folder = dirname(resolve(path));
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  if (!statSync(folder).isDirectory()) return { status: 'FAIL', name: 'audit.database', detail: `${path} cannot be created: ${folder} is a file, not a folder`, fix: 'point AUDIT_DB_PATH at a file inside a folder' };
  if (writable(folder)) return { status: 'PASS', name: 'audit.database', detail: `${path} will be created (in writable ${folder})` };
  return { status: 'FAIL', name: 'audit.database', detail: `${path} cannot be created: ${folder} is not writable`, fix };
}
