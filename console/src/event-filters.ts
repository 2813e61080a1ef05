/**
 * The events page's filters and the URLs built from them: the same query for the table
 * (`api/events`) and for the CSV export (`api/events.csv`), so the file holds exactly what the
 * table is filtered to. Pure, so unit tested.
 */

/** The journal's event types, as src/lifecycle/audit-record.ts defines them (a test keeps the two equal). */
export const EVENT_TYPES = [
  'joiner',
  'rehire',
  'mover',
  'entitlement_add',
  'entitlement_remove',
  'suspend',
  'delete',
  'password_set',
  'group_create',
  'group_update',
  'group_delete',
  'drift',
  'external_delete',
  'activated',
] as const;

/** The journal's outcomes (kept equal to AUDIT_OUTCOMES by the same test). */
export const EVENT_OUTCOMES = ['pending', 'succeeded', 'failed', 'dry_run', 'interrupted'] as const;

/** What the operator typed or chose; empty text means "no filter". */
export interface EventFilters {
  type: string;
  outcome: string;
  user: string;
  since: string;
  until: string;
  requestId: string;
}

export const EMPTY_FILTERS: EventFilters = { type: '', outcome: '', user: '', since: '', until: '', requestId: '' };

const WIRE_NAMES: Record<keyof EventFilters, string> = {
  type: 'type',
  outcome: 'outcome',
  user: 'user',
  since: 'since',
  until: 'until',
  requestId: 'requestId',
};

/**
 * The query string (without `?`) for the given filters: trimmed, empty ones left out (the server
 * refuses an empty parameter), in a fixed order, percent-encoded.
 */
export function filterQuery(filters: EventFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(WIRE_NAMES) as (keyof EventFilters)[]) {
    const value = filters[key].trim();
    if (value !== '') params.set(WIRE_NAMES[key], value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

/**
 * The table's URL for one page (`cursor` from the previous answer's nextCursor); `prefix` is where
 * the data routes are (`api/`, or `api/tenants/<id>/` with tenants).
 */
export function eventsUrl(filters: EventFilters, cursor?: string, prefix = 'api/'): string {
  const query = filterQuery(filters, cursor !== undefined ? { cursor } : {});
  return query === '' ? `${prefix}events` : `${prefix}events?${query}`;
}

/** The CSV export's URL: every record the filters match (all pages), no cursor. */
export function eventsCsvUrl(filters: EventFilters, prefix = 'api/'): string {
  const query = filterQuery(filters);
  return query === '' ? `${prefix}events.csv` : `${prefix}events.csv?${query}`;
}

/** Reads filters back from a route's query (e.g. `#/events?user=ada`); unknown names are ignored. */
export function filtersFromQuery(query: URLSearchParams): EventFilters {
  const filters: EventFilters = { ...EMPTY_FILTERS };
  for (const key of Object.keys(WIRE_NAMES) as (keyof EventFilters)[]) {
    filters[key] = query.get(WIRE_NAMES[key]) ?? '';
  }
  return filters;
}
