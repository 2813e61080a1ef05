import type { EmulatorOptions, Mutation, MutationBus } from '../context';
import { organizationOf } from '../default-options';
import { createObjectIdGenerator } from '../object-id';
import type { EventQuery, SearchAfter } from './event-query';
import { renderEvent } from './event-render';
import { valueAt } from '../groups/record-path';

/** What an `EventLog` is built from. */
export interface EventLogDeps {
  bus: MutationBus;
  now(): Date;
  options: EmulatorOptions;
}

/** Directory Insights keeps events 90 days. */
export const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

interface StoredEvent {
  ms: number;
  id: string;
  doc: Record<string, unknown>;
}

/** One page of a query. */
export interface EventPage {
  events: Record<string, unknown>[];
  /** Sort values of the last event returned (undefined when the page is empty). */
  searchAfter: SearchAfter | undefined;
  /** Stored events the query looked at: proves a time window is not a scan of the whole log. */
  examined: number;
}

/**
 * The Directory Insights log: every Mutation on the bus becomes one `directory` event.
 *
 * Events are kept sorted by (timestamp ms, id); ids are ObjectIds that grow with every event, so
 * within one millisecond id order is recording order and (ms, id) is a total order: the cursor
 * `[ms, id]` resumes exactly after the last event of a page, losing and repeating nothing.
 * Queries binary-search the time window and the cursor, then walk only the window.
 */
export class EventLog {
  private events: StoredEvent[] = [];
  private readonly newId: () => string;
  private readonly stopListening: () => void;

  constructor(private readonly deps: EventLogDeps) {
    this.newId = createObjectIdGenerator(deps.now);
    this.stopListening = deps.bus.subscribe((mutation) => this.record(mutation));
  }

  /** Stops listening to the bus. */
  close(): void {
    this.stopListening();
  }

  /** Records one mutation as an event stamped now; returns the event. */
  record(mutation: Mutation): Record<string, unknown> {
    const timestamp = this.deps.now();
    const id = this.newId();
    // Rendered now, with the options of now: a switch flipped later does not rewrite history.
    const doc = renderEvent(mutation, { id, timestamp, organization: organizationOf(this.deps.options) }, this.deps.options);
    const stored: StoredEvent = { ms: timestamp.getTime(), id, doc };
    // Almost always an append; a clock a test moved backwards inserts in place instead.
    const last = this.events[this.events.length - 1];
    if (!last || compareKey(last, stored.ms, stored.id) <= 0) this.events.push(stored);
    else this.events.splice(this.firstAfter(stored.ms, stored.id), 0, stored);
    this.prune();
    return structuredClone(doc);
  }

  /** Number of events kept (older than 90 days are dropped). */
  count(): number {
    this.prune();
    return this.events.length;
  }

  /** Forgets every event (reset). */
  clear(): void {
    this.events = [];
  }

  /** Answers one page of `query`, in `query.sort` order, starting after `query.searchAfter`. */
  query(query: EventQuery): EventPage {
    this.prune();
    const page: EventPage = { events: [], searchAfter: undefined, examined: 0 };
    if (!query.includesDirectory) return page;
    // [lo, hi): the events inside the time window (end inclusive).
    const lo = this.firstAtOrAfterMs(query.startMs);
    const hi = query.endMs === undefined ? this.events.length : this.firstAtOrAfterMs(query.endMs + 1);
    const ascending = query.sort === 'ASC';
    let index: number;
    if (ascending) index = Math.max(lo, query.searchAfter ? this.firstAfter(...query.searchAfter) : lo);
    else index = Math.min(hi, query.searchAfter ? this.firstAtOrAfter(...query.searchAfter) : hi) - 1;
    while (page.events.length < query.limit && (ascending ? index < hi : index >= lo)) {
      const stored = this.events[index] as StoredEvent;
      page.examined += 1;
      if (!query.match || query.match(stored.doc)) {
        page.events.push(project(stored.doc, query.fields));
        page.searchAfter = [stored.ms, stored.id];
      }
      index += ascending ? 1 : -1;
    }
    return page;
  }

  /** Drops events older than the retention period (they are at the front). */
  private prune(): void {
    const cut = this.firstAtOrAfterMs(this.deps.now().getTime() - RETENTION_MS);
    if (cut > 0) this.events = this.events.slice(cut);
  }

  private firstAtOrAfterMs(ms: number): number {
    return this.search((event) => event.ms >= ms);
  }

  /** Index of the first event whose key is > (ms, id). */
  private firstAfter(ms: number, id: string): number {
    return this.search((event) => compareKey(event, ms, id) > 0);
  }

  /** Index of the first event whose key is >= (ms, id). */
  private firstAtOrAfter(ms: number, id: string): number {
    return this.search((event) => compareKey(event, ms, id) >= 0);
  }

  /** Binary search: the first index where the monotone `test` holds (events.length if none). */
  private search(test: (event: StoredEvent) => boolean): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.events[mid] as StoredEvent)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function compareKey(event: StoredEvent, ms: number, id: string): number {
  if (event.ms !== ms) return event.ms - ms;
  return event.id < id ? -1 : event.id > id ? 1 : 0;
}

/** A copy of the event, reduced to `fields` (dotted paths allowed) when given. */
function project(doc: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return structuredClone(doc);
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueAt(doc, field);
    if (value !== undefined) out[field] = structuredClone(value);
  }
  return out;
}
