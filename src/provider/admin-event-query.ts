import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES, type AuditEventType, type AuditOutcome } from '../lifecycle/audit-record';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, type AuditQuery } from '../lifecycle/audit-store';
import { ScimError } from '../scim/scim-error';

/** The filters an operator may give when reading the journal, by their wire (and CLI) names. */
export const EVENT_QUERY_PARAMETERS = ['type', 'user', 'since', 'until', 'outcome', 'limit', 'cursor'] as const;
export type EventQueryParameter = (typeof EVENT_QUERY_PARAMETERS)[number];

/** Raw values as they arrive from a query string or from command-line options. */
export type RawEventQuery = Record<string, unknown>;

// Date only (midnight UTC) or a date-time WITH an offset: a time without one would mean the
// server's local time, which an auditor in another time zone cannot know.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;
const MAX_USER_LENGTH = 256;
const MAX_CURSOR_LENGTH = 2048;

function invalid(parameter: string, rule: string): ScimError {
  return ScimError.status(400, `Query parameter "${parameter}" ${rule}.`);
}

/** True when year-month-day names a real calendar day (2025-02-30 does not). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Reads an ISO-8601 instant (`2025-03-01`, `2025-03-01T09:30:00Z`, `...+02:00`) as the UTC
 * `toISOString()` form the journal stores, so that times compare correctly whatever the offset.
 */
export function parseInstant(parameter: string, text: string): string {
  const rule = 'must be an ISO-8601 date (2025-03-01) or date-time with a time zone (2025-03-01T09:30:00Z)';
  const match = ISO_DATE.exec(text) ?? ISO_DATE_TIME.exec(text);
  if (!match || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) throw invalid(parameter, rule);
  const time = Date.parse(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time)) throw invalid(parameter, rule);
  return new Date(time).toISOString();
}

/** A comma separated list whose every item is one of `allowed`. */
function parseList<T extends string>(parameter: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((item) => item.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw invalid(parameter, `must be one of ${allowed.join(', ')} (several separated by commas); got ${JSON.stringify(item.slice(0, 64))}`);
    }
  }
  return [...new Set(items)] as T[];
}

function parseLimit(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_AUDIT_PAGE) throw invalid('limit', `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`);
  return Number(text);
}

/** One parameter's single text value: absent, or a string given once. */
function single(raw: RawEventQuery, parameter: EventQueryParameter): string | undefined {
  const value = raw[parameter];
  if (value === undefined) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw invalid(parameter, 'must be given once, as text');
  if (value.trim() === '') throw invalid(parameter, 'must not be empty');
  return value.trim();
}

/**
 * Validates a journal query (the `GET /admin/events` query string or the `audit events` CLI
 * options) into the store's `AuditQuery`. Throws a 400 `ScimError` whose detail names the
 * offending parameter: unknown parameters, repeated ones, bad types/outcomes, non ISO-8601 times,
 * `since` after `until`, a limit outside 1..1000. The limit defaults to 100.
 */
export function parseEventQuery(raw: RawEventQuery): AuditQuery {
  for (const name of Object.keys(raw)) {
    if (!(EVENT_QUERY_PARAMETERS as readonly string[]).includes(name)) {
      throw ScimError.status(400, `Unknown query parameter "${name.slice(0, 64)}"; known: ${EVENT_QUERY_PARAMETERS.join(', ')}.`);
    }
  }
  const query: AuditQuery = { limit: DEFAULT_AUDIT_PAGE };
  const type = single(raw, 'type');
  if (type !== undefined) query.type = parseList<AuditEventType>('type', type, AUDIT_EVENT_TYPES);
  const outcome = single(raw, 'outcome');
  if (outcome !== undefined) query.outcome = parseList<AuditOutcome>('outcome', outcome, AUDIT_OUTCOMES);
  const user = single(raw, 'user');
  if (user !== undefined) {
    if (user.length > MAX_USER_LENGTH) throw invalid('user', `must be at most ${MAX_USER_LENGTH} characters`);
    query.user = user;
  }
  const since = single(raw, 'since');
  if (since !== undefined) query.since = parseInstant('since', since);
  const until = single(raw, 'until');
  if (until !== undefined) query.until = parseInstant('until', until);
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) {
    throw invalid('until', `must not be before "since" (${query.since})`);
  }
  const limit = single(raw, 'limit');
  if (limit !== undefined) query.limit = parseLimit(limit);
  const cursor = single(raw, 'cursor');
  if (cursor !== undefined) {
    if (cursor.length > MAX_CURSOR_LENGTH) throw invalid('cursor', 'is not a cursor this service issued; use the nextCursor of a previous answer');
    query.cursor = cursor;
  }
  return query;
}
