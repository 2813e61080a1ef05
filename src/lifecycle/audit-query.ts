import type { AuditRecord, AuditResourceType } from './audit-record';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, type AuditQuery } from './audit-store';

/**
 * A journal cursor: the position (sequence number) of the last record of a page, opaque to the
 * caller. Newest first means the next page holds sequence numbers below it.
 */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
}

/** The sequence number a cursor holds; RangeError when it is not one this journal issued. */
export function decodeAuditCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^seq:(\d{1,15})$/.exec(text);
  if (!match) throw new RangeError(`cursor "${cursor}" is not a journal cursor`);
  return Number(match[1]);
}

/** The page size a query gets: `limit` within 1..MAX_AUDIT_PAGE, else the default. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_AUDIT_PAGE;
  return Math.min(MAX_AUDIT_PAGE, Math.max(1, Math.floor(limit)));
}

/** A filter value given as one or many, as a list (undefined when not filtering). */
export function listOf<T>(value: T | readonly T[] | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** Whether a record names the user `user` (userName case-insensitively, SCIM or JumpCloud id). */
export function namesUser(record: AuditRecord, user: string): boolean {
  const lower = user.toLowerCase();
  return (
    record.userName?.toLowerCase() === lower ||
    record.scimId === user ||
    record.jumpcloudId === user ||
    record.member?.id === user ||
    record.member?.userName?.toLowerCase() === lower
  );
}

/** Whether a record is about a resource: itself, or (for a user) a group-side entitlement naming it. */
export function isAbout(record: AuditRecord, resourceType: AuditResourceType, id: string): boolean {
  if (record.resourceType === resourceType && (record.scimId === id || record.jumpcloudId === id)) return true;
  return resourceType === 'User' && record.member?.id === id;
}

/** The in-process evaluation of a query's filters (the memory store's; SQLite does it in SQL). */
export function matchesQuery(record: AuditRecord, query: Omit<AuditQuery, 'limit' | 'cursor'>): boolean {
  const types = listOf(query.type);
  if (types && !types.includes(record.type)) return false;
  const outcomes = listOf(query.outcome);
  if (outcomes && !outcomes.includes(record.outcome)) return false;
  if (query.since !== undefined && record.time < query.since) return false;
  if (query.until !== undefined && record.time >= query.until) return false;
  if (query.user !== undefined && !namesUser(record, query.user)) return false;
  if (query.requestId !== undefined && record.requestId !== query.requestId) return false;
  return true;
}
