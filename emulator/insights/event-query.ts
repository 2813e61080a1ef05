import { badRequest } from '../http/http-errors';
import { compileSearchTerm, type EventPredicate } from './search-term';

/** Services `POST /events` accepts (EventServiceTimeQuery.service). The emulator records `directory`. */
export const SERVICES = [
  'alerts', 'all', 'directory', 'ldap', 'mdm', 'notifications', 'object_storage', 'password_manager', 'radius',
  'reports', 'saas_app_management', 'software', 'sso', 'systems', 'access_management', 'asset_management',
] as const;

export const DEFAULT_EVENT_LIMIT = 1000;
export const MAX_EVENT_LIMIT = 10000;

/** Top-level fields a directory event can have: a `fields` list naming none of them is a 400. */
export const EVENT_FIELDS = [
  '@version', 'id', 'event_type', 'service', 'organization', 'timestamp', 'initiated_by', 'resource',
  'changes', 'association', 'auth_method', 'client_ip', 'geoip', 'useragent', 'provider', 'correlation',
  'message_chain', 'success',
];

/** A `search_after` cursor: the sort values of the last event of the previous page. */
export type SearchAfter = [number, string];

/** A validated `POST /events` body. */
export interface EventQuery {
  /** False when no requested service records events here (the answer is then empty). */
  includesDirectory: boolean;
  startMs: number;
  /** Inclusive; undefined = up to now. */
  endMs: number | undefined;
  limit: number;
  sort: 'ASC' | 'DESC';
  match: EventPredicate | undefined;
  searchAfter: SearchAfter | undefined;
  fields: string[] | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Validates a Directory Insights query as the service documents it: `service` and `start_time`
 * required (400 when missing, malformed, `start_time` in the future, or `end_time` before it);
 * `limit` defaults to 1000 and any nonsensical value silently means the default, more than 10,000
 * is capped; `sort` is case-insensitive and anything but DESC silently means ASC (the documented
 * default); `fields` may not be empty nor name only unknown fields.
 */
export function parseEventQuery(body: unknown, now: Date): EventQuery {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  const input = body as Record<string, unknown>;
  const services = readServices(input.service);
  const startMs = readTime(input.start_time, 'start_time', true) as number;
  if (startMs > now.getTime()) throw badRequest('start_time must not be in the future');
  const endMs = readTime(input.end_time, 'end_time', false);
  if (endMs !== undefined && endMs < startMs) throw badRequest('end_time must not be before start_time');
  return {
    includesDirectory: services.includes('directory') || services.includes('all'),
    startMs,
    endMs,
    limit: readLimit(input.limit),
    sort: typeof input.sort === 'string' && input.sort.toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
    match: input.search_term === undefined ? undefined : compileSearchTerm(input.search_term),
    searchAfter: readSearchAfter(input.search_after),
    fields: readFields(input.fields),
  };
}

function readServices(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw badRequest('service is required: a list of service names');
  for (const service of raw) {
    if (!(SERVICES as readonly unknown[]).includes(service)) {
      throw badRequest(`invalid service ${JSON.stringify(service)}; supported values: ${SERVICES.join(', ')}`);
    }
  }
  return raw as string[];
}

function readTime(raw: unknown, name: string, required: boolean): number | undefined {
  if (raw === undefined || raw === null || raw === '') {
    if (required) throw badRequest(`${name} is required (RFC 3339, e.g. 2020-01-01T14:00:00Z)`);
    return undefined;
  }
  const ms = typeof raw === 'string' && RFC3339.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`${name} must be an RFC 3339 date, e.g. 2020-01-01T14:00:00Z`);
  return ms;
}

function readLimit(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw <= 0) return DEFAULT_EVENT_LIMIT;
  return Math.min(raw, MAX_EVENT_LIMIT);
}

/** `[timestampMillis, "eventId"]`; the millis may come back as a string (the spec types items as strings). */
function readSearchAfter(raw: unknown): SearchAfter | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw) && raw.length === 2) {
    const [ms, id] = raw as unknown[];
    const millis = typeof ms === 'string' && /^\d+$/.test(ms) ? Number(ms) : ms;
    if (typeof millis === 'number' && Number.isFinite(millis) && typeof id === 'string') return [millis, id];
  }
  throw badRequest('search_after must be the X-Search_after value of the previous page');
}

function readFields(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.some((field) => typeof field !== 'string')) throw badRequest('fields must be a list of field names');
  const fields = raw as string[];
  if (!fields.some((field) => EVENT_FIELDS.includes(field.split('.')[0] as string))) {
    throw badRequest('fields must name at least one known field');
  }
  return fields;
}
