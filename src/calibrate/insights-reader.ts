import type { CalibrationSession } from './calibration-session';
import { unexpectedAnswer } from './wire-client';

/** A Directory Insights event, as JSON. */
export type InsightsEvent = Record<string, unknown>;

/** Most events read in one poll (10 pages of DI's 1,000): a sandbox org has far fewer. */
const PAGE_LIMIT = 1000;
const MAX_PAGES = 10;

/**
 * Every `directory` event since the run began, oldest first: one query, then the next pages with
 * `search_after` from `X-Search_after` until `X-Result-Count` < `X-Limit` (NOTES.md "Directory
 * Insights").
 */
async function readEvents(session: CalibrationSession): Promise<InsightsEvent[]> {
  const events: InsightsEvent[] = [];
  let searchAfter: unknown;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body: Record<string, unknown> = { service: ['directory'], start_time: session.eventsSince, sort: 'ASC', limit: PAGE_LIMIT };
    if (searchAfter !== undefined) body.search_after = searchAfter;
    const request = { api: 'insights' as const, method: 'POST' as const, url: '/events', body };
    const answer = await session.wire.send(request);
    if (answer.status !== 200 || !Array.isArray(answer.body)) throw unexpectedAnswer(request, answer, 'reading Directory Insights');
    events.push(...(answer.body as InsightsEvent[]));
    const count = Number(answer.headers['x-result-count'] ?? answer.body.length);
    const limit = Number(answer.headers['x-limit'] ?? PAGE_LIMIT);
    const cursor = answer.headers['x-search_after'];
    if (count < limit || cursor === undefined) break;
    try {
      searchAfter = JSON.parse(cursor);
    } catch {
      break;
    }
  }
  return events;
}

/**
 * Polls Directory Insights until every finder of `wanted` finds its event (each answers the event
 * it looks for, or undefined), or the run's event wait is over: DI events can take seconds to
 * appear on a real org. Answers what was found; a key left out was not found in time.
 */
export async function awaitEvents<K extends string>(session: CalibrationSession, wanted: Record<K, (events: InsightsEvent[]) => InsightsEvent | undefined>): Promise<Partial<Record<K, InsightsEvent>>> {
  const deadline = Date.now() + session.timing.eventWaitMs;
  const keys = Object.keys(wanted) as K[];
  for (;;) {
    const events = await readEvents(session);
    const found: Partial<Record<K, InsightsEvent>> = {};
    for (const key of keys) {
      const event = wanted[key](events);
      if (event !== undefined) found[key] = event;
    }
    if (keys.every((key) => found[key] !== undefined) || Date.now() + session.timing.pollIntervalMs > deadline || session.stopped()) return found;
    await session.sleep(session.timing.pollIntervalMs);
  }
}
