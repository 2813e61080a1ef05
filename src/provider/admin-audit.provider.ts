import type { AuditRecord } from '../lifecycle/audit-record';
import { MAX_AUDIT_PAGE, type AuditQuery, type AuditStore } from '../lifecycle/audit-store';
import { ScimError } from '../scim/scim-error';
import { parseEventQuery, type RawEventQuery } from './admin-event-query';

/** One page of the journal as the admin endpoint and the CLI answer it: newest first. */
export interface EventsAnswer {
  events: AuditRecord[];
  /** Present when older records match: pass it back as `cursor`. */
  nextCursor?: string;
}

/** One person's lifecycle, oldest first (joiner ... leaver). */
export interface HistoryAnswer {
  /** The SCIM (= JumpCloud) id the records are about. */
  id: string;
  /** The latest userName the journal knows for them. */
  userName?: string;
  events: AuditRecord[];
  /** True when the journal holds more records than one answer carries (the oldest are left out). */
  truncated: boolean;
}

/** The journal's read side for operators and auditors: filtered pages and one person's history. */
export class AdminAuditProvider {
  constructor(private readonly deps: { audit: AuditStore }) {}

  /** `GET /admin/events` / `audit events`: validates the raw filters (400 naming a bad one), then one page. */
  async events(raw: RawEventQuery): Promise<EventsAnswer> {
    return this.page(parseEventQuery(raw));
  }

  /** One page of an already validated query; a cursor the journal did not issue is a 400. */
  async page(query: AuditQuery): Promise<EventsAnswer> {
    try {
      const page = await this.deps.audit.query(query);
      return { events: page.records, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
    } catch (err) {
      if (err instanceof RangeError) throw ScimError.status(400, 'Query parameter "cursor" is not a cursor this service issued; use the nextCursor of a previous answer.');
      throw err;
    }
  }

  /**
   * A user's lifecycle, oldest first, by SCIM id (= JumpCloud id) or, when no record is about
   * that id, by userName (the newest User record with that userName names the id). 404 when the
   * journal knows nothing of them.
   */
  async history(user: string): Promise<HistoryAnswer> {
    const wanted = user.trim();
    if (wanted === '') throw ScimError.status(400, 'A user id or userName is required.');
    let id = wanted;
    let newestFirst = await this.deps.audit.history('User', id, MAX_AUDIT_PAGE);
    if (newestFirst.length === 0) {
      const resolved = await this.idOfUserName(wanted);
      if (resolved !== undefined) {
        id = resolved;
        newestFirst = await this.deps.audit.history('User', id, MAX_AUDIT_PAGE);
      }
    }
    if (newestFirst.length === 0) throw ScimError.status(404, `The audit journal holds no record about user ${JSON.stringify(wanted.slice(0, 256))}.`);
    return {
      id,
      userName: latestUserName(newestFirst, id),
      events: [...newestFirst].reverse(),
      truncated: newestFirst.length >= MAX_AUDIT_PAGE,
    };
  }

  /** The id of the user the newest User record with this userName is about. */
  private async idOfUserName(userName: string): Promise<string | undefined> {
    let cursor: string | undefined;
    // `user` also matches ids and group-side records; keep looking for the user's own record.
    do {
      const page = await this.deps.audit.query({ user: userName, limit: MAX_AUDIT_PAGE, cursor });
      for (const record of page.records) {
        if (record.resourceType === 'User' && record.userName?.toLowerCase() === userName.toLowerCase()) {
          const id = record.scimId ?? record.jumpcloudId;
          if (id !== undefined) return id;
        }
        if (record.member?.userName?.toLowerCase() === userName.toLowerCase()) return record.member.id;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return undefined;
  }
}

/** The newest userName recorded for the user (their own records first, then group-side ones). */
function latestUserName(newestFirst: readonly AuditRecord[], id: string): string | undefined {
  for (const record of newestFirst) {
    if (record.resourceType === 'User' && record.userName !== undefined) return record.userName;
    if (record.member?.id === id && record.member.userName !== undefined) return record.member.userName;
  }
  return undefined;
}
