import { setTimeout as delay } from 'node:timers/promises';
import { JumpCloudError } from '../jumpcloud';
import type { EmulatorOptionsFile } from '../../emulator/option-switches';
import { CalibrationError } from './calibration-error';
import { formatCleanup, formatOutcomes, summarizeOutcomes } from './calibration-report';
import { DEFAULT_TIMING, type CalibrationSession, type CalibrationTiming } from './calibration-session';
import { cleanUp, type CleanupReport } from './cleanup';
import { Ledger } from './ledger';
import { emulatorOptionsOf, writeEmulatorOptionsFile } from './options-file';
import { learnOrganisation, namesOrganisation, type ActingOrganisation } from './organisation';
import { failed, type ProbeOutcome } from './probe-outcome';
import { probeInsightsAccess, probeMissingKey } from './probes/access.probes';
import { probeEvents, type KeyAdmin } from './probes/event.probes';
import { createTempGroup, probeDuplicateGroupName, probeDuplicateMemberAdd, probeNonMemberRemove } from './probes/membership.probes';
import { createTempUser, probeArrayItemIds, probeDefaultUserState, probeRestrictedFields, probeSearchByObjectId } from './probes/user.probes';
import { probeUsernameMaxLength } from './probes/username-length.probe';
import { createQueryGroups, probeUnconfirmedSort, probeV2FilterForm, probeV2SearchOperator } from './probes/v2-query.probes';
import { TempNames } from './temp-names';
import { WireClient, type CalibrationTarget } from './wire-client';

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

/** Where `calibrate` prints. */
export interface CalibrateOutput {
  line(text: string): void;
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

/** Our own words for why a step stopped (JumpCloud's error text is never shown). */
function reasonOf(error: unknown): string {
  if (error instanceof JumpCloudError || error instanceof CalibrationError) return error.message;
  return 'an unexpected error in calibrate itself';
}

const INTERRUPTED = 'interrupted before it started';

/** Runs one probe; when it throws, every switch it would have measured is marked failed. */
async function probe(session: CalibrationSession, outcomes: ProbeOutcome[], names: ProbeOutcome['name'][], run: () => Promise<ProbeOutcome | ProbeOutcome[]>): Promise<void> {
  try {
    if (session.stopped()) throw new CalibrationError('interrupted', INTERRUPTED);
    outcomes.push(...[await run()].flat());
  } catch (error) {
    for (const name of names) if (!outcomes.some((outcome) => outcome.name === name)) outcomes.push(failed(name, reasonOf(error)));
  }
}

/** Runs a setup step; a failure is printed, and the probes that need it fail on their own. */
async function setUp(session: CalibrationSession, output: CalibrateOutput, what: string, run: () => Promise<unknown>): Promise<void> {
  if (session.stopped()) return;
  try {
    await run();
  } catch (error) {
    output.line(`setup: ${what} failed: ${reasonOf(error)}`);
  }
}

/**
 * Every probe, in an order that keeps them apart: reads first, then the temporary user, the
 * membership probes, the query groups, the username lengths, the restricted-fields PUT (last on
 * the user), and the Directory Insights read-back, which by then has had time to see the writes.
 */
async function runProbes(session: CalibrationSession, output: CalibrateOutput, outcomes: ProbeOutcome[]): Promise<KeyAdmin> {
  await probe(session, outcomes, ['missingKeyAnswer'], () => probeMissingKey(session));
  await probe(session, outcomes, ['directoryInsightsEnabled'], () => probeInsightsAccess(session));
  await setUp(session, output, 'creating the temporary user', () => createTempUser(session));
  await probe(session, outcomes, ['defaultUserState'], () => probeDefaultUserState(session));
  await probe(session, outcomes, ['arrayItemIds'], () => probeArrayItemIds(session));
  await probe(session, outcomes, ['searchByObjectId'], () => probeSearchByObjectId(session));
  await setUp(session, output, 'creating the temporary group', () => createTempGroup(session));
  await probe(session, outcomes, ['nonMemberRemove'], () => probeNonMemberRemove(session));
  await probe(session, outcomes, ['duplicateMemberAdd'], () => probeDuplicateMemberAdd(session));
  await probe(session, outcomes, ['duplicateGroupName'], () => probeDuplicateGroupName(session));
  await setUp(session, output, 'creating the query groups', () => createQueryGroups(session));
  await probe(session, outcomes, ['unconfirmedSort'], () => probeUnconfirmedSort(session));
  await probe(session, outcomes, ['v2FilterForm'], () => probeV2FilterForm(session));
  await probe(session, outcomes, ['v2SearchOperator'], () => probeV2SearchOperator(session));
  await probe(session, outcomes, ['usernameMaxLength'], () => probeUsernameMaxLength(session));
  await probe(session, outcomes, ['restrictedFieldsCheck'], () => probeRestrictedFields(session));
  const insights = outcomes.find((outcome) => outcome.name === 'directoryInsightsEnabled');
  const enabled = insights?.status === 'measured' ? (insights.value as boolean) : undefined;
  let admin: KeyAdmin = {};
  await probe(session, outcomes, ['apiKeyAuthMethod', 'apiKeyEventSource', 'associationEvent'], async () => {
    const findings = await probeEvents(session, enabled);
    admin = findings.admin;
    return findings.outcomes;
  });
  return admin;
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
