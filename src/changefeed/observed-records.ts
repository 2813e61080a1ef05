import { JOURNAL_RECORDS_PER_TURN, nextEventLoopTurn } from './yield-to-event-loop';
import { createHash } from 'node:crypto';
import type { AuditEventType, AuditRecord, AuditResourceType, ObservedOrigin } from '../lifecycle/audit-record';
import type { AuditStore } from '../lifecycle/audit-store';
import type { OwnedChange } from './tracked-attributes';

/**
 * A UUID-shaped id derived from `seed`: the same observation (the same Directory Insights event,
 * the same scanned change) always gets the same record id, so applying it twice is detectable.
 */
export function observedRecordId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  // Version 5 and RFC 4122 variant bits, so it reads as a proper (name-based) UUID.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const NAME_CACHE_MS = 60_000;
const NAME_CACHE_SIZE = 10_000;

/** What an observed record is about. */
export interface ObservedSubject {
  resourceType: AuditResourceType;
  id: string;
  /** The JumpCloud username or group name the change feed saw (the journal's SCIM userName wins). */
  name?: string;
}

/**
 * Appends the audit records of changes the bridge did not make (drift, external_delete,
 * activated) exactly once: a record whose id is already in the journal is not
 * appended again (a poll interrupted between its effects and its cursor commit re-applies them).
 */
export class ObservedRecords {
  private known: { from: string; to: string; ids: Set<string> } | undefined;
  private readonly names = new Map<string, { name: string | undefined; until: number }>();

  constructor(private readonly audit: AuditStore) {}

  /** Appends one observed record unless already there; answers the record id. */
  async append(type: AuditEventType, subject: ObservedSubject, seed: string, at: string, observed: ObservedOrigin, changes?: readonly OwnedChange[]): Promise<{ id: string; appended: boolean; name?: string }> {
    const id = observedRecordId(`${seed}:${type}`);
    const name = await this.nameOf(subject);
    if (await this.alreadyThere(id, at)) return { id, appended: false, ...(name !== undefined ? { name } : {}) };
    const record: AuditRecord = {
      id,
      // When it happened in JumpCloud (or was seen by a scan), not when the feed got to it.
      time: at,
      type,
      outcome: 'succeeded',
      resourceType: subject.resourceType,
      scimId: subject.id,
      jumpcloudId: subject.id,
      jumpcloudCalls: [],
      observed,
    };
    if (name !== undefined) {
      if (subject.resourceType === 'User') record.userName = name;
      else record.displayName = name;
    }
    if (changes && changes.length > 0) {
      record.changes = changes.map((change) => ({
        attribute: change.attribute,
        jumpcloudField: change.jumpcloudField,
        ...('before' in change ? { before: change.before } : {}),
        ...('after' in change ? { after: change.after } : {}),
      }));
    }
    await this.audit.append([record]);
    return { id, appended: true, ...(name !== undefined ? { name } : {}) };
  }

  /**
   * Reads the ids of the observed records timed in [from, to] once (a page of events), so that
   * the per-event "already applied?" question is answered from memory.
   */
  async prefetch(from: string, to: string): Promise<void> {
    this.known = { from, to, ids: await this.observedIds(from, new Date(Date.parse(to) + 1).toISOString()) };
  }

  /** Forgets the prefetched ids. */
  clear(): void {
    this.known = undefined;
  }

  /** Observed records are timed at the change: an earlier application of it sits at exactly that time. */
  private async alreadyThere(id: string, at: string): Promise<boolean> {
    if (this.known && at >= this.known.from && at <= this.known.to) return this.known.ids.has(id);
    return (await this.observedIds(at, new Date(Date.parse(at) + 1).toISOString())).has(id);
  }

  private async observedIds(since: string, until: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.audit.query({ since, until, limit: JOURNAL_RECORDS_PER_TURN, cursor });
      for (const record of page.records) if (record.observed) ids.add(record.id);
      cursor = page.nextCursor;
      if (cursor !== undefined) await nextEventLoopTurn();
    } while (cursor !== undefined);
    return ids;
  }

  /**
   * The journal's SCIM userName / displayName (what SailPoint knows) rather than JumpCloud's
   * username, when it has one. Cached for a minute: a burst of events about one user reads the
   * journal once.
   */
  private async nameOf(subject: ObservedSubject): Promise<string | undefined> {
    const key = `${subject.resourceType}/${subject.id}`;
    const now = Date.now();
    const cached = this.names.get(key);
    if (cached && cached.until > now) return cached.name ?? subject.name;
    const recent = await this.audit.history(subject.resourceType, subject.id, 10);
    const known = recent.find((record) => record.resourceType === subject.resourceType && (record.scimId === subject.id || record.jumpcloudId === subject.id) && !record.observed);
    const name = subject.resourceType === 'User' ? known?.userName : known?.displayName;
    if (this.names.size >= NAME_CACHE_SIZE) this.names.clear();
    this.names.set(key, { name, until: now + NAME_CACHE_MS });
    return name ?? subject.name;
  }

  /** Whether the resource's recent history holds a record of `type` at or after `since`. */
  async hasRecent(subject: ObservedSubject, type: AuditEventType, since: string): Promise<boolean> {
    const history = await this.audit.history(subject.resourceType, subject.id, 100);
    return history.some((record) => record.type === type && record.time >= since);
  }

  /** The resource's recent journal records, newest first. */
  history(subject: ObservedSubject, limit = 100): Promise<AuditRecord[]> {
    return this.audit.history(subject.resourceType, subject.id, limit);
  }
}
