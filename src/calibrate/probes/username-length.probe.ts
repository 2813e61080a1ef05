import { CalibrationError } from '../calibration-error';
import type { CalibrationSession } from '../calibration-session';
import { measured, type ProbeOutcome } from '../probe-outcome';
import { deleteNow, postUser } from '../temp-objects';
import { unexpectedAnswer } from '../wire-client';

/** The longest username the probe tries: JumpCloud documents no limit beyond 30 for Mac/Linux accounts. */
export const LONGEST_TRIED = 128;

/**
 * Whether JumpCloud accepts a username of `length` characters: create (deleted at once on
 * success), 400 is a refusal; a transient answer or any other status stops the probe.
 */
async function accepts(session: CalibrationSession, length: number): Promise<boolean> {
  const body = { ...session.names.userOfLength(length), firstname: 'Calibration', lastname: `Length${length}` };
  const { answer, id } = await postUser(session, body);
  if (id) {
    await deleteNow(session, 'user', id);
    return true;
  }
  if (answer.status === 400) return false;
  throw unexpectedAnswer({ method: 'POST', url: '/systemusers' }, answer, `creating a user with a ${length}-character username`);
}

/**
 * `usernameMaxLength`: binary search of the longest accepted username in [prefix + 1, 128]
 * (every try starts with the run's prefix so the sweep finds it). 128 accepted reads `>=128`
 * and is written as 128, the most this probe can tell.
 */
export async function probeUsernameMaxLength(session: CalibrationSession): Promise<ProbeOutcome> {
  let low = session.names.prefix.length + 1;
  let high = LONGEST_TRIED;
  if (await accepts(session, high)) return measured('usernameMaxLength', high, `>=${high} accepted`);
  if (!(await accepts(session, low))) throw new CalibrationError('no-evidence', `even a ${low}-character username was refused`);
  // Invariant: `low` accepted, `high` refused.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await accepts(session, middle)) low = middle;
    else high = middle;
  }
  return measured('usernameMaxLength', low, `longest accepted ${low} (${high} refused)`);
}
