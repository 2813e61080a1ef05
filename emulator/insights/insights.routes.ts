import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { EmulatorHttpError, type EmulatorContext } from '../context';
import { errorHandler } from '../http/error-handler';
import { API_BODY_LIMIT, jsonBody } from '../http/json-body';
import type { EventLog } from './event-log';
import { parseEventQuery } from './event-query';

/**
 * Directory Insights, mounted at `/insights/directory/v1`: `POST /events` answers a JSON array of
 * events with the paging headers `X-Result-Count`, `X-Limit`, `X-Sort`, `X-Search_after` (a JSON
 * array, always present) and `X-Request-Id`. The next page is the same query with `search_after`
 * set to that header, until `X-Result-Count` < `X-Limit`.
 */
export function insightsRouter(ctx: EmulatorContext, events: EventLog): Router {
  const router = Router();
  router.use(jsonBody(API_BODY_LIMIT));

  router.post('/events', (req, res) => {
    if (!ctx.options.directoryInsightsEnabled) {
      // What a key whose admin has no Directory Insights access gets.
      throw new EmulatorHttpError(403, { message: 'Forbidden' });
    }
    const query = parseEventQuery(req.body, ctx.now());
    const page = events.query(query);
    const cursor = page.searchAfter ?? query.searchAfter ?? [];
    res
      .set('X-Result-Count', String(page.events.length))
      .set('X-Limit', String(query.limit))
      .set('X-Sort', query.sort)
      .set('X-Search_after', JSON.stringify(cursor))
      .set('X-Request-Id', randomUUID())
      .json(page.events);
  });

  router.use(errorHandler());
  return router;
}
