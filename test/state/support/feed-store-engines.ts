import type { Pool } from 'pg';
import { openPostgresDatabase, type PostgresDatabase } from '../../../src/state/postgres-database';
import { IN_MEMORY, openBridgeDatabase, type BridgeDatabase } from '../../../src/state/sqlite-database';
import { createTestDatabase, type TestDatabase } from '../../support/postgres/test-database';

/**
 * One engine a change-feed store contract runs on. A contract file calls start() in beforeAll,
 * fresh() in beforeEach (a store on empty tables) and stop() in afterAll, and never knows which
 * engine it tests: the same expectations hold on both.
 */
export interface FeedStoreEngine<S> {
  name: 'SQLite' | 'PostgreSQL';
  start(): Promise<void>;
  fresh(): Promise<S>;
  stop(): Promise<void>;
}

/** How to build the store under test on each engine. */
export interface FeedStoreFactories<S> {
  sqlite(db: BridgeDatabase): S;
  postgres(pool: Pool): S;
}

/** The change feed's tables (migration 1 on PostgreSQL), emptied between tests. */
const FEED_TABLES = 'changefeed_cursor, changefeed_seen_event, changefeed_learned, resource_observation, drift_open, lease';

/** SQLite in memory: a new database per test costs a millisecond, so nothing is shared. */
function sqliteEngine<S>(make: FeedStoreFactories<S>['sqlite']): FeedStoreEngine<S> {
  let db: BridgeDatabase | undefined;
  return {
    name: 'SQLite',
    start: async () => undefined,
    fresh: async () => {
      db?.close();
      db = openBridgeDatabase(IN_MEMORY);
      return make(db);
    },
    stop: async () => {
      db?.close();
    },
  };
}

/** PostgreSQL: one database per test file on the test server (migrating costs ~100 ms), emptied by TRUNCATE per test. */
function postgresEngine<S>(make: FeedStoreFactories<S>['postgres']): FeedStoreEngine<S> {
  let database: TestDatabase | undefined;
  let opened: PostgresDatabase | undefined;
  return {
    name: 'PostgreSQL',
    start: async () => {
      database = await createTestDatabase();
      opened = await openPostgresDatabase({ url: database.url, poolSize: 4, ssl: 'off' });
    },
    fresh: async () => {
      if (!opened) throw new Error('start() the PostgreSQL engine first');
      await opened.pool.query(`TRUNCATE ${FEED_TABLES}`);
      return make(opened.pool);
    },
    stop: async () => {
      await opened?.close();
      await database?.drop();
    },
  };
}

/** The store built on each engine, for `describe.each(...)('... on $name', ...)`. */
export function feedStoreEngines<S>(make: FeedStoreFactories<S>): FeedStoreEngine<S>[] {
  return [sqliteEngine(make.sqlite), postgresEngine(make.postgres)];
}
