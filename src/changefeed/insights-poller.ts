import type { DirectoryEvent, EventPage, EventQuery } from '../jumpcloud';
import type { FeedCursorStore, SeenEvent } from '../state/feed-cursor-store';
import { eventIdOf, type DirectoryEventHandler } from './directory-event-handler';
import { EventLoopYielder } from './yield-to-event-loop';

/** The cursor row of the Directory Insights feed. */
export const INSIGHTS_FEED = 'directory_insights';
/** Events per Directory Insights page (its default; the maximum is 10,000). */
export const DEFAULT_EVENT_PAGE = 1000;
/** Directory Insights keeps events 90 days: asking for older ones is pointless. */
const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** What one poll did. */
export interface PollResult {
  /** Events Directory Insights answered (the look-back overlap included). */
  events: number;
  /** Events applied for the first time. */
  applied: number;
  /** Events dropped because an earlier poll applied them (the overlap). */
  duplicates: number;
  /** Directory Insights requests made. */
  pages: number;
  /** The saved cursor after the poll (ISO-8601). */
  position: string;
}

export interface InsightsPollerOptions {
  events: { query(body: EventQuery): Promise<EventPage> };
  cursors: FeedCursorStore;
  handler: DirectoryEventHandler;
  /** How far before the cursor each poll starts reading again (late-indexed events), in ms. */
  lookbackMs: number;
  pageSize?: number;
  now?: () => Date;
}

/**
 * Reads Directory Insights (service `directory`, ascending, `search_after` paging until a page
 * is short) from the cursor saved in the bridge database, minus the look-back overlap, and
 * applies each event once: the ids of the events applied inside the look-back window are saved
 * with the cursor (one transaction per page), so the overlap is recognised and dropped after a
 * restart as well. A poll that fails keeps what its completed pages committed.
 */
export class InsightsPoller {
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(private readonly options: InsightsPollerOptions) {
    this.pageSize = options.pageSize ?? DEFAULT_EVENT_PAGE;
    this.now = options.now ?? (() => new Date());
  }

  /** One poll: every event since the cursor (minus the look-back), page by page. */
  async pollOnce(): Promise<PollResult> {
    const { cursors, lookbackMs } = this.options;
    const now = this.now();
    const saved = await cursors.load(INSIGHTS_FEED);
    // First start: read the look-back window before now; the bridge's own writes already set lastModified.
    let position = saved?.position ?? new Date(now.getTime() - lookbackMs).toISOString();
    const startMs = Math.max(Math.min(Date.parse(position), now.getTime()) - lookbackMs, now.getTime() - RETENTION_MS);
    const start = new Date(startMs).toISOString();
    const seen = await cursors.seenSince(INSIGHTS_FEED, start);
    const result: PollResult = { events: 0, applied: 0, duplicates: 0, pages: 0, position };
    let searchAfter: (string | number)[] | undefined;
    const turns = new EventLoopYielder();
    for (;;) {
      const page = await this.options.events.query({
        service: ['directory'],
        start_time: start,
        sort: 'ASC',
        limit: this.pageSize,
        ...(searchAfter ? { search_after: searchAfter } : {}),
      });
      result.pages += 1;
      result.events += page.events.length;
      const applied: SeenEvent[] = [];
      try {
        await this.options.handler.prepare(page.events.filter((event) => !seen.has(eventIdOf(event))));
        for (const event of page.events) {
          const id = eventIdOf(event);
          if (seen.has(id)) {
            result.duplicates += 1;
            continue;
          }
          const timestamp = timestampOf(event);
          await this.options.handler.handle(event);
          await turns.handledOne();
          seen.add(id);
          applied.push({ id, timestamp });
          if (timestamp > position) position = timestamp;
        }
      } finally {
        this.options.handler.done();
        // Whatever was applied is committed, even when an event failed half way through the page.
        const forgetBefore = new Date(Date.parse(position) - lookbackMs).toISOString();
        await cursors.commit(INSIGHTS_FEED, position, applied, forgetBefore, this.now());
        result.applied += applied.length;
        result.position = position;
      }
      const limit = page.limit ?? this.pageSize;
      const count = page.resultCount ?? page.events.length;
      if (count < limit || page.events.length === 0 || page.searchAfter === undefined) return result;
      searchAfter = page.searchAfter;
    }
  }
}

/** The event time as ISO-8601 UTC (so that it orders as text); a malformed one is refused loudly. */
function timestampOf(event: DirectoryEvent): string {
  const ms = Date.parse(event.timestamp);
  if (Number.isNaN(ms)) throw new Error(`Directory Insights event ${eventIdOf(event)} has no valid timestamp`);
  return new Date(ms).toISOString();
}
