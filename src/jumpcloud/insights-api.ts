import { JumpCloudError } from './jumpcloud-error';
import { assertValidRequestBody } from './jumpcloud-schemas';
import { intHeader } from './paging';
import type { Transport } from './transport';
import type { DirectoryEvent, EventPage, EventQuery } from './types';

/**
 * Parses `X-Search_after`: a JSON array (e.g. `[1700000000000,"f0e1..."]`) to send back as
 * `search_after`. Anything else is treated as absent rather than guessed at.
 */
export function parseSearchAfter(raw: string | undefined): (string | number)[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return parsed as (string | number)[];
    }
  } catch {
    // Not JSON: fall through.
  }
  return undefined;
}

/** Directory Insights: the change feed back out of JumpCloud. */
export class InsightsApi {
  /** Built by `JumpCloudClient` over its transport. */
  constructor(private readonly transport: Transport) {}

  /**
   * `POST /insights/directory/v1/events` (a read: retried freely). The next page is the same
   * query with `search_after: page.searchAfter`, until `resultCount < limit`.
   */
  async query(body: EventQuery): Promise<EventPage> {
    const call = { method: 'POST', path: '/insights/directory/v1/events' };
    assertValidRequestBody('eventQuery', body, call);
    const result = await this.transport.call({ api: 'insights', method: 'POST', route: '/events', body, retryMode: 'idempotent' });
    if (!Array.isArray(result.data)) {
      throw new JumpCloudError({ kind: 'invalid-response', status: result.status, message: 'Directory Insights answered without an array of events', ...call });
    }
    return {
      events: result.data as DirectoryEvent[],
      resultCount: intHeader(result.headers, 'x-result-count'),
      limit: intHeader(result.headers, 'x-limit'),
      searchAfter: parseSearchAfter(result.headers['x-search_after']),
    };
  }
}
