import type { Command } from 'commander';
import winston from 'winston';
import { ConfigError, loadConfig, type BridgeConfig } from '../config/load-config';
import { startBridge, type RunningBridge } from '../composition/start-bridge';
import { createLogger } from '../logging/logger';
import { checkAuditPath, checkConfig } from './check-config';
import { checkDiscovery, type BridgeCredential } from './check-discovery';
import { checkJumpCloud, type JumpCloudUnderCheck } from './check-jumpcloud';
import { formatLine, summarize, type CheckLine } from './check-report';

/** Options of one `check` run. */
export interface CheckOptions {
  /** A running bridge's SCIM base URL; unset: the bridge is started in this process on an ephemeral port. */
  url?: string;
  /** The SCIM bearer token to present (default: the first of SCIM_BEARER_TOKEN). */
  token?: string;
}

/** Where `check` prints. */
export interface CheckOutput {
  line(text: string): void;
}

/**
 * The settings of the bridge `check` starts in its own process: the configured one, except that
 * it listens on an ephemeral loopback port, journals in memory (opening AUDIT_DB_PATH would
 * migrate a database a running bridge may be using), records nothing and polls no change feed.
 */
function inProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', RECORD_FIXTURES_DIR: '', CHANGEFEED_MODE: 'off' };
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
  const { config, lines } = checkConfig(env);
  if (!config) return lines;
  lines.push(checkAuditPath(config));

  let bridge: RunningBridge | undefined;
  if (!options.url) {
    try {
      const quiet = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
      bridge = await startBridge(loadConfig(inProcessEnv(env)), { logger: quiet });
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
    if (target) lines.push(...(await checkJumpCloud(target)));

    const base = options.url ?? (bridge as RunningBridge).scimBaseUrl;
    const credential = credentialFor(config, options, bridge);
    if (!credential) {
      lines.push({ status: 'FAIL', name: 'scim.auth', detail: 'no SCIM credential to test with', fix: 'give --token, or set SCIM_BEARER_TOKEN (or SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD)' });
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

/** `check [--url URL] [--token TOKEN]`: the admin's pre-flight before connecting SailPoint. */
export function registerCheck(program: Command, output: CheckOutput = PROCESS_OUTPUT): void {
  program
    .command('check')
    .description("check the configuration, JumpCloud with the key, and the discovery calls of SailPoint's Test Connection (exit 1 on any FAIL)")
    .option('--url <url>', 'the SCIM base URL of a running bridge to check (default: start this configuration in-process on a free port)')
    .option('--token <token>', 'SCIM bearer token to present (default: the first of SCIM_BEARER_TOKEN)')
    .action(async (opts: CheckOptions) => {
      process.exitCode = printCheck(await runCheck(process.env, opts), output);
    });
}
