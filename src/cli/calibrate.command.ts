import { InvalidArgumentError, type Command } from 'commander';
import { runCalibration, EXIT, type CalibrateOutput, type CalibrateRequest } from '../calibrate/run-calibration';
import { ConfigError } from '../config/load-config';
import { configForTenant, tenantOption } from './tenant-option';

/** Options of `calibrate` as commander parses them. */
export interface CalibrateCommandOptions {
  yesWriteTo?: string;
  writeOptions?: string;
  /** Seconds to wait for Directory Insights to show the run's own events. */
  eventWait?: number;
  /** With TENANTS_FILE: the tenant whose organisation is calibrated (its key, org id, region or base URL). */
  tenant?: string;
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 3600) throw new InvalidArgumentError('a whole number of seconds from 0 to 3600');
  return parsed;
}

/**
 * `calibrate` with the bridge's own JumpCloud settings (JUMPCLOUD_API_KEY, JUMPCLOUD_REGION,
 * JUMPCLOUD_BASE_URL, JUMPCLOUD_ORG_ID, JUMPCLOUD_TIMEOUT_MS). Without a key there is no
 * organisation to measure (the embedded emulator IS the assumptions): it says so and answers 2.
 * With TENANTS_FILE, `tenant` names the organisation: that tenant's key, org id and region or base
 * URL (--yes-write-to must still name the organisation). Answers the exit code.
 */
export async function calibrate(env: NodeJS.ProcessEnv, options: CalibrateCommandOptions, output: CalibrateOutput, stop?: AbortSignal): Promise<number> {
  let config;
  try {
    config = configForTenant(env, options.tenant);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) output.line(`calibrate: configuration: ${problem}`);
    return EXIT.refused;
  }
  const { apiKey, region, baseUrl, orgId, timeoutMs } = config.jumpcloud;
  if (!apiKey) {
    output.line('calibrate: JUMPCLOUD_API_KEY is unset: there is no JumpCloud organisation to calibrate (without a key the bridge runs on the emulator, whose defaults are the assumptions). Set JUMPCLOUD_API_KEY (and JUMPCLOUD_REGION or JUMPCLOUD_BASE_URL, JUMPCLOUD_ORG_ID) for a sandbox organisation.');
    return EXIT.refused;
  }
  if (options.tenant !== undefined) output.line(`calibrate: tenant "${options.tenant}": organisation ${orgId ?? '(none named)'} with the key its entry in TENANTS_FILE names`);
  const request: CalibrateRequest = { yesWriteTo: options.yesWriteTo, writeOptions: options.writeOptions, stop };
  if (options.eventWait !== undefined) request.timing = { eventWaitMs: options.eventWait * 1000 };
  const run = await runCalibration({ apiKey, region, baseUrl, orgId, timeoutMs }, request, output);
  return run.exitCode;
}

const PROCESS_OUTPUT: CalibrateOutput = { line: (text) => console.log(text) };

/** `calibrate --yes-write-to <org id> [--write-options FILE] [--event-wait SECONDS] [--tenant ID]`. */
export function registerCalibrate(program: Command, output: CalibrateOutput = PROCESS_OUTPUT): void {
  program
    .command('calibrate')
    .description(
      "measure a JumpCloud sandbox organisation against the emulator's assumed behaviours, with temporary users and groups that are all deleted afterwards (exit 0: every probe ran; 1: a probe or the cleanup failed; 2: nothing was tried)",
    )
    .option('--yes-write-to <orgId>', 'the id of the organisation the key acts on: calibrate writes there only when this names it')
    .option('--write-options <file>', 'write the measured values as an emulator options file (JSON)')
    .option('--event-wait <seconds>', 'how long to wait for Directory Insights to show the run\'s own events', seconds)
    .addOption(tenantOption('organisation is calibrated, with its key, org id and region or base URL'))
    .action(async (opts: CalibrateCommandOptions) => {
      const stop = new AbortController();
      // The first Ctrl-C stops the probes but lets the cleanup delete what was created; a second one quits.
      const onSignal = (signal: NodeJS.Signals): void => {
        if (stop.signal.aborted) process.exit(130);
        output.line(`${signal} received: stopping the probes and deleting the temporary objects (again to quit at once, leaving them behind)`);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        process.exitCode = await calibrate(process.env, opts, output, stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
