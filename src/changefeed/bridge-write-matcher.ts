import { JOURNAL_RECORDS_PER_TURN, nextEventLoopTurn } from './yield-to-event-loop';
import type { AuditRecord } from '../lifecycle/audit-record';
import type { AuditStore } from '../lifecycle/audit-store';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a journal record shows the bridge writing to JumpCloud: a `pending` intent (the write
 * is in flight: the intent is journaled before the first call), or a JumpCloud call that is not a
 * read, not skipped by the dry run, and not refused (no status = no answer: it may have landed).
 */
export function recordShowsWrite(record: AuditRecord): boolean {
  if (record.observed) return false;
  if (record.outcome === 'pending') return true;
  if (record.outcome === 'dry_run') return false;
  return record.jumpcloudCalls.some((call) => !READ_METHODS.has(call.method.toUpperCase()) && call.dryRun !== true && (call.status === undefined || call.status < 300));
}

/**
 * Tells the bridge's own JumpCloud writes from everybody else's, by its audit journal: a change is
 * the bridge's when the journal holds a record about the same JumpCloud object (the user, the
 * group, or the member of a membership record) with a write, within `windowMs` of the change.
 * The journal times a record when the write settles, JumpCloud when it applies it: the window
 * absorbs that gap and clock skew between the bridge and JumpCloud.
 */
export class BridgeWriteMatcher {
  /** Write times (ms) by object id, for journal records in [from, to] (see `prefetch`). */
  private cache: { from: number; to: number; writes: Map<string, number[]> } | undefined;

  constructor(
    private readonly audit: AuditStore,
    readonly windowMs: number,
  ) {}

  /**
   * Reads the journal's writes around [from, to] once (a page of events spans a short time):
   * the per-event questions that fall inside are then answered from memory, so a page of 1,000
   * events costs one journal read instead of 1,000.
   */
  async prefetch(from: Date, to: Date): Promise<void> {
    const start = from.getTime() - this.windowMs;
    const end = to.getTime() + this.windowMs;
    const writes = new Map<string, number[]>();
    let cursor: string | undefined;
    do {
      const page = await this.audit.query({ since: new Date(start).toISOString(), until: new Date(end + 1).toISOString(), limit: JOURNAL_RECORDS_PER_TURN, cursor });
      for (const record of page.records) {
        if (!recordShowsWrite(record)) continue;
        const at = Date.parse(record.time);
        for (const id of objectIdsOf(record)) {
          // Appended in place: copying the list per write was quadratic for a much-written user.
          const times = writes.get(id);
          if (times) times.push(at);
          else writes.set(id, [at]);
        }
      }
      cursor = page.nextCursor;
      if (cursor !== undefined) await nextEventLoopTurn();
    } while (cursor !== undefined);
    this.cache = { from: start, to: end, writes };
  }

  /** Forgets the prefetched writes (the journal moves on). */
  clear(): void {
    this.cache = undefined;
  }

  /** Whether the bridge wrote to any of `ids` within the window around `at`. */
  wroteAround(ids: readonly string[], at: Date): Promise<boolean> {
    return this.wroteBetween(ids, at, at);
  }

  /** Whether the bridge wrote to any of `ids` between `from` and `to` (each widened by the window). */
  wroteBetween(ids: readonly string[], from: Date, to: Date): Promise<boolean> {
    return this.wroteInRange(ids, new Date(from.getTime() - this.windowMs), new Date(to.getTime() + this.windowMs));
  }

  /**
   * Whether the bridge wrote to any of `ids` in [from, to] exactly (journal record times). The
   * scan uses it from the previous snapshot on: a write journaled before it is already in it.
   */
  async wroteInRange(ids: readonly string[], from: Date, to: Date): Promise<boolean> {
    const cache = this.cache;
    if (cache && from.getTime() >= cache.from && to.getTime() <= cache.to) {
      return ids.some((id) => (cache.writes.get(id) ?? []).some((at) => at >= from.getTime() && at <= to.getTime()));
    }
    const since = from.toISOString();
    const until = new Date(to.getTime() + 1).toISOString();
    // A time-indexed read of the window, filtered here: cheap whatever the journal's size (the
    // journal's `user` filter ORs five columns and would read the whole table).
    let cursor: string | undefined;
    do {
      const page = await this.audit.query({ since, until, limit: JOURNAL_RECORDS_PER_TURN, cursor });
      if (page.records.some((record) => ids.some((id) => isAbout(record, id)) && recordShowsWrite(record))) return true;
      cursor = page.nextCursor;
      if (cursor !== undefined) await nextEventLoopTurn();
    } while (cursor !== undefined);
    return false;
  }
}

/** The JumpCloud objects a journal record is about (the resource, the member, the group). */
function objectIdsOf(record: AuditRecord): string[] {
  return [record.scimId, record.jumpcloudId, record.member?.id, record.group?.id].filter((id): id is string => id !== undefined);
}

function isAbout(record: AuditRecord, id: string): boolean {
  return objectIdsOf(record).includes(id);
}
