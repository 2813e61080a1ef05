import { Router } from 'express';
import type { PendingActivationsProvider } from '../../provider/admin-pending-activations.provider';
import type { AdminDriftProvider } from '../../provider/admin-drift.provider';
import type { ConsoleDriftProvider } from '../../provider/console-drift.provider';
import { parseDriftAcknowledgement } from '../../provider/console-drift.provider';
import type { ConsoleEventsProvider } from '../../provider/console-events.provider';
import type { ConsoleOverviewProvider } from '../../provider/console-overview.provider';
import type { ConsolePersonProvider } from '../../provider/console-person.provider';
import { csvHeader, csvRows } from '../../lifecycle/audit-csv';
import { consoleSessionOf } from './console-session.routes';

/** The providers behind the console's data routes. */
export interface ConsoleApiProviders {
  overview: ConsoleOverviewProvider;
  events: ConsoleEventsProvider;
  people: ConsolePersonProvider;
  pendingActivations: PendingActivationsProvider;
  /** Absent when the change feed keeps no drift: the drift list is then empty and acknowledging is a 404. */
  drift?: { list: AdminDriftProvider; acknowledge: ConsoleDriftProvider };
}

/**
 * The console's data routes (behind `requireConsoleSession`): values in, JSON (or CSV) out;
 * validation and reads are the providers'.
 */
export function consoleApiRoutes(providers: ConsoleApiProviders): Router {
  const router = Router();
  router.get('/overview', async (_req, res) => {
    res.json(await providers.overview.overview());
  });
  router.get('/events', async (req, res) => {
    res.json(await providers.events.events(req.query as Record<string, unknown>));
  });
  router.get('/events.csv', async (req, res) => {
    const pages = providers.events.allPages(req.query as Record<string, unknown>);
    // The first page is read before any byte is sent, so that a bad filter is still a 400.
    const first = await pages.next();
    res.type('text/csv; charset=utf-8');
    res.attachment('journal.csv');
    res.write(csvHeader());
    if (!first.done) res.write(csvRows(first.value));
    for await (const page of pages) res.write(csvRows(page));
    res.end();
  });
  router.get('/people/search', async (req, res) => {
    res.json(await providers.people.search(req.query.q));
  });
  router.get('/people/:id', async (req, res) => {
    res.json(await providers.people.person(req.params.id));
  });
  router.get('/drift', async (_req, res) => {
    res.json(providers.drift ? await providers.drift.list.list({}) : { drift: [], totalResults: 0 });
  });
  router.post('/drift/acknowledge', async (req, res) => {
    const which = parseDriftAcknowledgement(req.body);
    if (!providers.drift) {
      res.status(404).json({ error: 'Not Found', detail: 'No open drift matches that resource and attribute.' });
      return;
    }
    await providers.drift.acknowledge.acknowledge(which, { client: consoleSessionOf(res).label, requestId: String(res.locals.requestId ?? '') || undefined });
    res.status(204).end();
  });
  router.get('/pending-activations', async (_req, res) => {
    res.json(await providers.pendingActivations.list());
  });
  return router;
}
