import nock from 'nock';
import type { DirectoryEvent } from '../../../src/jumpcloud';

/** The US region's Directory Insights origin (what a client built with `region: 'us'` calls). */
export const INSIGHTS_ORIGIN = 'https://api.jumpcloud.com';
const EVENTS_PATH = '/insights/directory/v1/events';

function keyOf(event: DirectoryEvent): [number, string] {
  return [Date.parse(event.timestamp), event.id ?? ''];
}

function after(a: [number, string], b: readonly (string | number)[]): boolean {
  const [ms, id] = [Number(b[0]), String(b[1] ?? '')];
  return a[0] > ms || (a[0] === ms && a[1] > id);
}

/**
 * Directory Insights answered by nock with the events a test pushes (real event shapes from the
 * fixtures), queried as JumpCloud answers: `start_time` on, ascending, `limit` per page, paged by
 * `search_after` with the `X-Result-Count`, `X-Limit` and `X-Search_after` headers.
 */
export class ScriptedInsights {
  private readonly events: DirectoryEvent[] = [];
  private readonly scope: nock.Scope;
  /** Queries received. */
  queries = 0;

  constructor() {
    this.scope = nock(INSIGHTS_ORIGIN)
      .persist()
      .post(EVENTS_PATH)
      .reply((_uri, body) => {
        this.queries += 1;
        const query = (typeof body === 'string' ? JSON.parse(body) : body) as { start_time: string; limit?: number; search_after?: (string | number)[] };
        const start = Date.parse(query.start_time);
        const limit = query.limit ?? 1000;
        const page = this.events
          .filter((event) => keyOf(event)[0] >= start && (!query.search_after || after(keyOf(event), query.search_after)))
          .sort((a, b) => keyOf(a)[0] - keyOf(b)[0] || keyOf(a)[1].localeCompare(keyOf(b)[1]))
          .slice(0, limit);
        const last = page[page.length - 1];
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-result-count': String(page.length), 'x-limit': String(limit) };
        if (last) headers['x-search_after'] = JSON.stringify(keyOf(last));
        return [200, page, headers];
      });
  }

  /** Events Directory Insights holds from now on. */
  push(...events: DirectoryEvent[]): void {
    this.events.push(...events.map((event) => structuredClone(event)));
  }

  /** Removes the interceptor. */
  close(): void {
    this.scope.persist(false);
    nock.removeInterceptor({ hostname: 'api.jumpcloud.com', proto: 'https', method: 'POST', path: EVENTS_PATH });
  }
}
