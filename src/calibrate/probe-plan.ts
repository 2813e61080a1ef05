import { JumpCloudError } from '../jumpcloud';
import { CalibrationError } from './calibration-error';
import type { CalibrationSession } from './calibration-session';
import { failed, type ProbeOutcome } from './probe-outcome';
import { probeInsightsAccess, probeMissingKey } from './probes/access.probes';
import { probeEvents, type KeyAdmin } from './probes/event.probes';
import { createTempGroup, probeDuplicateGroupName, probeDuplicateMemberAdd, probeNonMemberRemove } from './probes/membership.probes';
import { createTempUser, probeArrayItemIds, probeDefaultUserState, probeRestrictedFields, probeSearchByObjectId } from './probes/user.probes';
import { probeUsernameMaxLength } from './probes/username-length.probe';
import { createQueryGroups, probeUnconfirmedSort, probeV2FilterForm, probeV2SearchCase, probeV2SearchOperator } from './probes/v2-query.probes';

/** Where `calibrate` prints. */
export interface CalibrateOutput {
  line(text: string): void;
}

/** Our own words for why a step stopped (JumpCloud's error text is never shown). */
export function reasonOf(error: unknown): string {
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
export async function runProbes(session: CalibrationSession, output: CalibrateOutput, outcomes: ProbeOutcome[]): Promise<KeyAdmin> {
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
  await probe(session, outcomes, ['v2SearchCase'], () => probeV2SearchCase(session));
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
