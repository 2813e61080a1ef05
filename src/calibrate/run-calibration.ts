import { setTimeout as delay } from 'node:timers/promises';
import type { EmulatorOptionsFile } from '../../emulator/option-switches';
import { formatCleanup, formatOutcomes, summarizeOutcomes } from './calibration-report';
import { DEFAULT_TIMING, type CalibrationSession, type CalibrationTiming } from './calibration-session';
import { cleanUp, type CleanupReport } from './cleanup';
import { Ledger } from './ledger';
import { emulatorOptionsOf, writeEmulatorOptionsFile } from './options-file';
import { learnOrganisation, namesOrganisation, type ActingOrganisation } from './organisation';
import type { ProbeOutcome } from './probe-outcome';
import { reasonOf, runProbes, type CalibrateOutput } from './probe-plan';
import type { KeyAdmin } from './probes/event.probes';
import { TempNames } from './temp-names';
import { WireClient, type CalibrationTarget } from './wire-client';

export type { CalibrateOutput } from './probe-plan';

/** Exit codes: every probe ran and everything was deleted; a probe or the cleanup failed; nothing was tried. */
export const EXIT = { ok: 0, incomplete: 1, refused: 2 } as const;

/** What the operator asked for. */
export interface CalibrateRequest {
  /** The organisation id the operator allows writes to; must be the one the key acts on. */
  yesWriteTo?: string;
  /** Where to write the measured values as an emulator options file. */
  writeOptions?: string;
  timing?: Partial<CalibrationTiming>;
  /** The name prefix of the temporary objects (random unless given). */
  prefix?: string;
  /** Aborted when the operator interrupts: the probes not yet started are skipped, cleanup still runs. */
  stop?: AbortSignal;
}

/** The result of one run. */
export interface CalibrationRun {
  exitCode: number;
  organisation?: ActingOrganisation;
  outcomes: ProbeOutcome[];
  cleanup?: CleanupReport;
  /** The options document, when `writeOptions` was asked for and written. */
  written?: EmulatorOptionsFile;
}

/**
 * `calibrate`: learns the organisation the key acts on (refusing unless `yesWriteTo` names it),
 * measures every emulator behaviour switch with temporary objects, deletes them all (ledger, then
 * a sweep by prefix, also after a failure half-way), prints one line per behaviour and, when
 * asked, writes the measured values as an emulator options file.
 */
export async function runCalibration(target: CalibrationTarget, request: CalibrateRequest, output: CalibrateOutput, sleep: (ms: number) => Promise<void> = (ms) => delay(ms)): Promise<CalibrationRun> {
  const wire = new WireClient(target);
  let organisation: Awaited<ReturnType<typeof learnOrganisation>>;
  try {
    organisation = await learnOrganisation(wire, target.orgId);
  } catch (error) {
    output.line(`calibrate: cannot reach JumpCloud to learn the key's organisation: ${reasonOf(error)}`);
    return { exitCode: EXIT.refused, outcomes: [] };
  }
  if ('problem' in organisation) {
    output.line(`calibrate: ${organisation.problem}. Nothing was written.`);
    return { exitCode: EXIT.refused, outcomes: [] };
  }
  const named = `organisation ${organisation.id}${organisation.displayName ? ` (${organisation.displayName})` : ''}`;
  if (!namesOrganisation(request.yesWriteTo, organisation)) {
    const given = request.yesWriteTo ? `--yes-write-to names ${request.yesWriteTo}, but this key acts on ${named}` : `this key acts on ${named}`;
    output.line(`calibrate: refusing to write: ${given}. calibrate creates and deletes temporary users and groups there; if that is your sandbox, run again with --yes-write-to ${organisation.id}. Nothing was written.`);
    return { exitCode: EXIT.refused, organisation, outcomes: [] };
  }

  const names = new TempNames(request.prefix);
  const startedAt = Math.min(Date.now(), organisation.serverTime?.getTime() ?? Infinity);
  const session: CalibrationSession = {
    wire,
    names,
    ledger: new Ledger(),
    timing: { ...DEFAULT_TIMING, ...request.timing },
    // A minute of slack: the local clock and JumpCloud's may disagree a little.
    eventsSince: new Date(startedAt - 60_000).toISOString(),
    sleep,
    stopped: () => request.stop?.aborted === true,
  };
  output.line(`calibrating ${named} with temporary objects named ${names.prefix}…`);
  const outcomes: ProbeOutcome[] = [];
  let admin: KeyAdmin = {};
  let cleanup: CleanupReport;
  try {
    admin = await runProbes(session, output, outcomes);
  } finally {
    cleanup = await cleanUp(session);
  }
  for (const line of formatOutcomes(outcomes)) output.line(line);
  output.line(summarizeOutcomes(outcomes));
  for (const line of formatCleanup(cleanup)) output.line(line);

  let exitCode: number = outcomes.some((outcome) => outcome.status === 'failed') ? EXIT.incomplete : EXIT.ok;
  if (cleanup.leftovers.length > 0 || cleanup.sweepProblem) exitCode = EXIT.incomplete;
  let written: EmulatorOptionsFile | undefined;
  if (request.writeOptions) {
    try {
      const document = emulatorOptionsOf(outcomes, admin);
      writeEmulatorOptionsFile(request.writeOptions, document);
      written = document;
      output.line(`wrote ${Object.keys(document).length} measured option(s) to ${request.writeOptions} (switches not measured keep the emulator's defaults)`);
    } catch (error) {
      output.line(`calibrate: could not write ${request.writeOptions}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      exitCode = EXIT.incomplete;
    }
  }
  return { exitCode, organisation, outcomes, cleanup, written };
}
