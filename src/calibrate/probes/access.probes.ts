import type { CalibrationSession } from '../calibration-session';
import { byStatus, measured, type ProbeOutcome } from '../probe-outcome';

/**
 * `missingKeyAnswer`: a read without `x-api-key`. 401 is what the docs say; a 302 to the login
 * page has been reported (NOTES.md "Hosts, auth, headers"), so any 3xx reads as `redirect`.
 */
export async function probeMissingKey(session: CalibrationSession): Promise<ProbeOutcome> {
  const answer = await session.wire.send({ api: 'v1', method: 'GET', url: '/systemusers?limit=1', withoutKey: true });
  if (answer.status >= 300 && answer.status < 400) return measured('missingKeyAnswer', 'redirect', `${answer.status} (redirect)`);
  return byStatus('missingKeyAnswer', answer.status, { 401: 'unauthorized' });
}

/**
 * `directoryInsightsEnabled`: one Directory Insights query. 200: the key reads DI; 403: it may
 * not (a plan or role without DI), and the event probes become "not measurable".
 */
export async function probeInsightsAccess(session: CalibrationSession): Promise<ProbeOutcome> {
  const answer = await session.wire.send({ api: 'insights', method: 'POST', url: '/events', body: { service: ['directory'], start_time: session.eventsSince, limit: 1 } });
  return byStatus('directoryInsightsEnabled', answer.status, { 200: true, 403: false });
}
