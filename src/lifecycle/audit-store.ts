/**
 * The audit journal's storage port: one narrow interface that the embedded SQLite store
 * (default), the in-memory twin (tests) and the PostgreSQL store shared by replicas
 * (postgres-audit-store.ts) implement. Async so that a networked implementation fits behind it.
 *
 * The record vocabulary (event types, outcomes) is defined in `audit-record.ts`.
 */
import type { AuditCompletion, AuditEventType, AuditOutcome, AuditRecord, AuditResourceType } from './audit-record';

export type { AttributeChange, AuditCompletion, AuditError, AuditEventType, AuditOutcome, AuditRecord, AuditResourceType, JumpCloudCallRecord } from './audit-record';
export { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from './audit-record';

/** Filters of a journal query; every one optional, combined with AND. */
export interface AuditQuery {
  /** Only these event types. */
  type?: AuditEventType | readonly AuditEventType[];
  /** A user: matches the record's userName (case-insensitive), SCIM id or JumpCloud id. */
  user?: string;
  /** Only the records of this request (the `X-Request-Id` the bridge answered; exact match). */
  requestId?: string;
  /** Records at or after this ISO-8601 time. */
  since?: string;
  /** Records strictly before this ISO-8601 time. */
  until?: string;
  /** Only these outcomes. */
  outcome?: AuditOutcome | readonly AuditOutcome[];
  /** Page size (the store caps it at MAX_AUDIT_PAGE). */
  limit?: number;
  /** The `nextCursor` of the previous page (opaque). */
  cursor?: string;
}

/** One page of records, newest first. */
export interface AuditPage {
  records: AuditRecord[];
  /** Present when more (older) records match: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/** The largest page a query returns, whatever `limit` asks. */
export const MAX_AUDIT_PAGE = 1000;
/** The page size when `limit` is absent. */
export const DEFAULT_AUDIT_PAGE = 100;

export interface AuditStore {
  /** Appends records (one transaction: all or none). */
  append(records: readonly AuditRecord[]): Promise<void>;
  /**
   * Completes a record written earlier (typically a `pending` intent): sets the outcome and any
   * of the fields the write learned. Returns false when no record has that id.
   */
  complete(id: string, completion: AuditCompletion): Promise<boolean>;
  /**
   * Replaces a `pending` intent with the classified records of its write, in one transaction
   * (so a crash leaves either the intent or the records, never neither).
   */
  settle(intentId: string, records: readonly AuditRecord[]): Promise<void>;
  /** Matching records, newest first, paged by cursor. Throws RangeError for a malformed cursor. */
  query(query?: AuditQuery): Promise<AuditPage>;
  /** Every record about one resource, newest first (its lifecycle). */
  history(resourceType: AuditResourceType, id: string, limit?: number): Promise<AuditRecord[]>;
  /** How many records match (same filters as `query`, paging ignored). */
  count(query?: Omit<AuditQuery, 'limit' | 'cursor'>): Promise<number>;
  /**
   * Marks every `pending` record `interrupted` (run once at start: a pending record left over
   * means the process died between its intent and its outcome). Returns the marked records.
   * A store shared by replicas marks only the intents of replicas that stopped (never a live
   * one's write in flight), and may be asked again while running, as replicas stop.
   */
  markInterrupted(): Promise<AuditRecord[]>;
  /**
   * The `interrupted` records of one resource not yet acknowledged by a later request; and
   * acknowledges them: each gets `flaggedBy` = the request id that saw them.
   */
  takeInterrupted(resourceType: AuditResourceType, id: string, requestId: string): Promise<AuditRecord[]>;
  /** Deletes records older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
