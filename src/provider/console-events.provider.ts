import type { AuditQuery } from '../lifecycle/audit-store';
import { MAX_AUDIT_PAGE } from '../lifecycle/audit-store';
import type { AuditRecord } from '../lifecycle/audit-record';
import { ScimError } from '../scim/scim-error';
import type { AdminAuditProvider, EventsAnswer } from './admin-audit.provider';
import { parseEventQuery, type RawEventQuery } from './admin-event-query';

const MAX_REQUEST_ID_LENGTH = 256;

/**
 * The admin API's filters plus `requestId` (the console's "what did this request do"), parsed by
 * the admin API's own parser so that both answer the same records for the same filters.
 */
export function parseConsoleEventQuery(raw: RawEventQuery): AuditQuery {
  const { requestId, ...rest } = raw;
  const query = parseEventQuery(rest);
  if (requestId !== undefined) {
    if (typeof requestId !== 'string' || requestId.trim() === '' || requestId.length > MAX_REQUEST_ID_LENGTH) {
      throw ScimError.status(400, `Query parameter "requestId" must be given once, as a non-empty text of at most ${MAX_REQUEST_ID_LENGTH} characters.`);
    }
    query.requestId = requestId.trim();
  }
  return query;
}

/** The console's journal reads: one page (as /admin/events answers it) and every matching record (the CSV export). */
export class ConsoleEventsProvider {
  constructor(private readonly deps: { adminAudit: AdminAuditProvider }) {}

  /** `GET /console/api/events`: the /admin/events body for the same filters (+ requestId). */
  async events(raw: RawEventQuery): Promise<EventsAnswer> {
    return this.deps.adminAudit.page(parseConsoleEventQuery(raw));
  }

  /**
   * Every record the filters match, newest first, page by page (the export streams them).
   * `limit` and `cursor` are the table's paging, not filters: the export ignores them and holds every match.
   */
  async *allPages(raw: RawEventQuery): AsyncGenerator<AuditRecord[]> {
    const { limit: _limit, cursor: _cursor, ...filters } = raw;
    const query = { ...parseConsoleEventQuery(filters), limit: MAX_AUDIT_PAGE };
    let cursor: string | undefined;
    do {
      const page = await this.deps.adminAudit.page({ ...query, ...(cursor !== undefined ? { cursor } : {}) });
      yield page.events;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
}
