import type { Command } from 'commander';
import winston from 'winston';
import { ConfigError, type BridgeConfig } from '../config/load-config';
import { startBridge, type RunningBridge } from '../composition/start-bridge';
import { createLogger } from '../logging/logger';
import { checkAuditPath, checkConfig } from './check-config';
import { checkDiscovery, type BridgeCredential } from './check-discovery';
import { checkJumpCloud, type JumpCloudUnderCheck } from './check-jumpcloud';
import { formatLine, summarize, type CheckLine } from './check-report';
import { configForTenant, tenantOption } from './tenant-option';

/** Options of one `check` run. */
export interface CheckOptions {
  /** A running bridge's SCIM base URL; unset: the bridge is started in this process on an ephemeral port. */
  url?: string;
  /** The SCIM bearer token to present (default: the first of SCIM_BEARER_TOKEN, or of the tenant's bearer tokens). */
  token?: string;
  /** With TENANTS_FILE: the tenant whose configuration is checked (its JumpCloud organisation, key and SCIM credentials). */
  tenant?: string;
}

/** Where `check` prints. */
export interface CheckOutput {
  line(text: string): void;
}

/**
 * The settings of the bridge `check` starts in its own process: the configured one (with
 * `tenant`: that tenant's, served alone at its own base path `/<tenant>` + SCIM_BASE_PATH),
 * except that it listens on an ephemeral loopback port, journals in memory (opening AUDIT_DB_PATH
 * would migrate a database a running bridge may be using), records nothing and polls no change feed.
 */
function inProcessConfig(env: NodeJS.ProcessEnv, tenant: string | undefined): BridgeConfig {
  const config = configForTenant({ ...env, PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', RECORD_FIXTURES_DIR: '', CHANGEFEED_MODE: 'off' }, tenant);
  // A tenant's own changefeedMode would override CHANGEFEED_MODE above.
  return { ...config, changefeed: { ...config.changefeed, mode: 'off' } };
}

/** A JumpCloud line's fix, which names the global variables, pointing a tenant's operator at the tenants file instead. */
function forTenant(line: CheckLine, tenant: string | undefined): CheckLine {
  if (tenant === undefined || !line.fix?.includes('JUMPCLOUD_')) return line;
  return { ...line, fix: `${line.fix} (for tenant "${tenant}": its jumpcloud.apiKey, region, baseUrl and orgId in the tenants file)` };
}

function credentialFor(config: BridgeConfig, options: CheckOptions, bridge: RunningBridge | undefined): BridgeCredential | undefined {
  const token = options.token ?? bridge?.generatedToken ?? config.scimBearerTokens[0];
  if (token) return { bearer: token };
  if (config.scimBasic) return { basic: config.scimBasic };
  return undefined;
}

/**
 * `check`: the configuration, the audit database path, JumpCloud with the key (region,
 * organisation, listing users and groups, Directory Insights), then the discovery requests of
 * SailPoint's Test Connection against the bridge itself. Returns the lines; the caller prints
 * them and exits 1 when any is FAIL.
 */
export async function runCheck(env: NodeJS.ProcessEnv, options: CheckOptions = {}): Promise<CheckLine[]> {
  const { config, lines } = checkConfig(env, options.tenant);
  if (!config) return lines;
  lines.push(checkAuditPath(config));

  let bridge: RunningBridge | undefined;
  if (!options.url) {
    try {
      const quiet = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
      bridge = await startBridge(inProcessConfig(env, options.tenant), { logger: quiet });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const problem of err.problems) lines.push({ status: 'FAIL', name: 'config', detail: problem, fix: 'correct that variable and run check again' });
      return lines;
    }
  }
  try {
    const timeoutMs = Math.min(config.jumpcloud.timeoutMs, 10_000);
    let target: JumpCloudUnderCheck | undefined;
    if (config.jumpcloud.apiKey) {
      target = { apiKey: config.jumpcloud.apiKey, region: config.jumpcloud.region, baseUrl: config.jumpcloud.baseUrl, orgId: config.jumpcloud.orgId, timeoutMs };
    } else if (bridge) {
      lines.push({ status: 'WARN', name: 'jumpcloud.target', detail: 'JUMPCLOUD_API_KEY is unset: the bridge runs on its embedded emulator, no real organisation is checked', fix: 'set JUMPCLOUD_API_KEY (and JUMPCLOUD_REGION) for a real JumpCloud' });
      target = { apiKey: bridge.jumpcloud.apiKey, region: config.jumpcloud.region, baseUrl: bridge.jumpcloud.baseUrl, timeoutMs, emulator: true };
    } else {
      lines.push({ status: 'SKIP', name: 'jumpcloud.key', detail: 'JUMPCLOUD_API_KEY is unset here: JumpCloud not checked', fix: 'run check with the bridge\'s environment' });
    }
    if (target) lines.push(...(await checkJumpCloud(target)).map((line) => forTenant(line, options.tenant)));

    const base = options.url ?? (bridge as RunningBridge).scimBaseUrl;
    const credential = credentialFor(config, options, bridge);
    if (!credential) {
      const configure = options.tenant === undefined ? 'set SCIM_BEARER_TOKEN (or SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD)' : `give tenant "${options.tenant}" scim.bearerTokens (or scim.basic) in the tenants file`;
      lines.push({ status: 'FAIL', name: 'scim.auth', detail: 'no SCIM credential to test with', fix: `give --token, or ${configure}` });
      return lines;
    }
    lines.push({ status: 'PASS', name: 'scim.hostUrl', detail: options.url ? `checking the running bridge at ${base}` : `checking this configuration's bridge, started on ${base}` });
    lines.push(...(await checkDiscovery(base, credential)));
    return lines;
  } finally {
    await bridge?.close();
  }
}

const PROCESS_OUTPUT: CheckOutput = { line: (text) => console.log(text) };

/** Prints the lines, aligned, and the summary; returns the exit code (1 when anything failed). */
export function printCheck(lines: readonly CheckLine[], output: CheckOutput = PROCESS_OUTPUT): number {
  const width = Math.max(...lines.map((line) => line.name.length));
  for (const line of lines) output.line(formatLine(line, width));
  output.line(summarize(lines));
  return lines.some((line) => line.status === 'FAIL') ? 1 : 0;
}

/** `check [--url URL] [--token TOKEN] [--tenant ID]`: the admin's pre-flight before connecting SailPoint. */
export function registerCheck(program: Command, output: CheckOutput = PROCESS_OUTPUT): void {
  program
    .command('check')
    .description("check the configuration, JumpCloud with the key, and the discovery calls of SailPoint's Test Connection (exit 1 on any FAIL)")
    .option('--url <url>', 'the SCIM base URL of a running bridge to check (default: start this configuration in-process on a free port)')
    .option('--token <token>', 'SCIM bearer token to present (default: the first of SCIM_BEARER_TOKEN)')
    .addOption(tenantOption('configuration is checked: its JumpCloud organisation and key, its SCIM credential; --url is then its base URL, /<tenant>/scim/v2'))
    .action(async (opts: CheckOptions) => {
      process.exitCode = printCheck(await runCheck(process.env, opts), output);
    });
}
