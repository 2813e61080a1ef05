import request from 'supertest';
import type { Express } from 'express';
import type { SeedDocument } from '../../../emulator/context';
import type { EmulatorOptionsFile } from '../../../emulator/option-switches';
import { consoleActor } from '../../../emulator/default-options';
import { buildAdminRoutes } from '../../../src/composition/admin-service';
import { buildChangeFeedService, sqliteFeedStores, type ChangeFeedService } from '../../../src/composition/changefeed-service';
import { loadMapping } from '../../../src/composition/scim-service';
import { createApp } from '../../../src/http/app';
import { JumpCloudClient } from '../../../src/jumpcloud';
import { SqliteAuditStore } from '../../../src/lifecycle/sqlite-audit-store';
import { IN_MEMORY, openBridgeDatabase, type BridgeDatabase } from '../../../src/state/sqlite-database';
import { SqliteStateStore } from '../../../src/state/sqlite-state-store';
import { ADMIN_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { captureBridgeLog } from '../../support/log-scan/bridge-log';

/** A bridge (SCIM + admin) and its change feed, on one SQLite database, in front of a live emulator. */
export interface FeedHarness {
  h: BridgeHarness;
  db: BridgeDatabase;
  state: SqliteStateStore;
  audit: SqliteAuditStore;
  /** The change feed over `db` (not started: tests call pollOnce / scanOnce / runOnce). */
  service: ChangeFeedService;
  /** A NEW change feed on the same database (a restarted bridge). */
  restartFeed(): ChangeFeedService;
  /** The admin endpoints WITH /admin/drift. */
  adminApp: Express;
  admin(path: string): request.Test;
  /** A call to the emulator's own API and control routes. */
  emulator(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): request.Test;
  /** A user created through SCIM (the bridge's own write); answers its id. */
  createUser(userName: string, extra?: Record<string, unknown>): Promise<string>;
  /** A change made in the JumpCloud console (DI auth_method session). */
  consoleUpdate(id: string, body: Record<string, unknown>): Promise<void>;
  /** Directory Insights requests the emulator received since the last resetRequests(). */
  insightsRequests(): number;
  close(): Promise<void>;
}

export const FEED_SETTINGS = { mode: 'auto', intervalSeconds: 60, lookbackSeconds: 300, reconcileIntervalSeconds: 3600, matchWindowSeconds: 30 } as const;

/**
 * Starts the harness; `dbPath` defaults to an in-memory database. `feedJumpCloud` is the client
 * the change feed reads with (default: the emulator), e.g. one whose Directory Insights is nock.
 */
export async function startFeedHarness(
  options: {
    seed?: SeedDocument;
    dbPath?: string;
    changefeed?: Partial<typeof FEED_SETTINGS>;
    feedJumpCloud?: JumpCloudClient;
    /** Emulator switches (the switch matrix runs the feed suites under each). */
    emulatorOptions?: EmulatorOptionsFile;
  } = {},
): Promise<FeedHarness> {
  const db = openBridgeDatabase(options.dbPath ?? IN_MEMORY);
  const audit = new SqliteAuditStore(db);
  const state = new SqliteStateStore(db);
  const h = await startBridgeHarness({ env: { ADMIN_TOKEN }, seed: options.seed ?? { users: [] }, audit, state, emulatorOptions: options.emulatorOptions });
  const logger = captureBridgeLog(h.config, h.emulator.ctx.options.apiKey);
  const jumpcloud = new JumpCloudClient({ baseUrl: h.emulator.url, apiKey: h.emulator.ctx.options.apiKey, retry: { baseDelayMs: 2, maxDelayMs: 10, totalBudgetMs: 2000, maxAttempts: 2 }, logger });
  const mapping = loadMapping(h.config);
  const settings = { ...FEED_SETTINGS, ...options.changefeed };
  const build = () => buildChangeFeedService({ changefeed: settings }, { stores: sqliteFeedStores(db), jumpcloud: options.feedJumpCloud ?? jumpcloud, audit, state, mapping, logger });
  const service = build();
  const adminApp = createApp({
    logger,
    health: { jumpcloud: 'emulator', version: 'test' },
    readiness: async () => ({ ready: true, checks: {}, changefeed: { ...service.built.feed.status() } }),
    readinessDetailsToken: ADMIN_TOKEN,
    admin: buildAdminRoutes(h.config, { audit, jumpcloud, drift: service.drift }),
  });
  const emulator = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => request(h.emulator.url)[method](path).set('x-api-key', h.emulator.ctx.options.apiKey);
  const feeds: ChangeFeedService[] = [service];
  return {
    h,
    db,
    state,
    audit,
    service,
    restartFeed: () => {
      const next = build();
      feeds.push(next);
      return next;
    },
    adminApp,
    admin: (path) => request(adminApp).get(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`),
    emulator,
    createUser: async (userName, extra = {}) => {
      const res = await h
        .scim('post', '/Users')
        .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, emails: [{ value: userName, type: 'work', primary: true }], name: { givenName: 'Ada', familyName: 'Lovelace' }, ...extra })
        .expect(201);
      return (res.body as { id: string }).id;
    },
    consoleUpdate: async (id, body) => {
      await emulator('put', `/__emulator/users/${id}/console`).send(body).expect(200);
    },
    insightsRequests: () => h.emulator.ctx.requests.list().filter((r) => r.path.startsWith('/insights/')).length,
    close: async () => {
      for (const feed of feeds) await feed.stop();
      await h.close();
      db.close();
    },
  };
}

/** The console admin actor (DI auth_method session), for group changes made in-process. */
export function consoleAdmin(h: BridgeHarness) {
  return consoleActor(h.emulator.ctx.options);
}
