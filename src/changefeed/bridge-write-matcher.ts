import type { AuditRecord } from '../lifecycle/audit-record';
import { MAX_AUDIT_PAGE, type AuditStore } from '../lifecycle/audit-store';

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
  constructor(
    private readonly audit: AuditStore,
    readonly windowMs: number,
  ) {}

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
    const since = from.toISOString();
    const until = new Date(to.getTime() + 1).toISOString();
    for (const id of ids) {
      let cursor: string | undefined;
      do {
        const page = await this.audit.query({ user: id, since, until, limit: MAX_AUDIT_PAGE, cursor });
        if (page.records.some((record) => isAbout(record, id) && recordShowsWrite(record))) return true;
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    }
    return false;
  }
}

/** `user` in a journal query also matches userNames: keep the records really about this object id. */
function isAbout(record: AuditRecord, id: string): boolean {
  return record.scimId === id || record.jumpcloudId === id || record.member?.id === id || record.group?.id === id;
}
