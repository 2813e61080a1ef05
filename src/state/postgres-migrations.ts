/**
 * The shared PostgreSQL store's schema (DATABASE_URL, issue 14), as an ordered list of migrations
 * applied once each, in a transaction, under an advisory lock (see postgres-database.ts) and
 * recorded in `schema_migrations`. Never edit a released one: append.
 *
 * The tables mirror SQLite's (sqlite-migrations.ts) so that one store contract holds on both.
 * Times are ISO-8601 UTC text, as on SQLite: the stores compare and page them as strings, which
 * order like the times they spell because the bridge always writes the same format (toISOString).
 */
import type { Migration } from './sqlite-migrations';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'resource state, audit journal, change feed (the SQLite schema 1-5 in one)',
    // audit_event.seq orders the journal (newest first = seq descending) and is what a cursor
    // holds; user names compare case-insensitively (SQLite's COLLATE NOCASE), so they are
    // indexed lower-cased. owner: the replica (bridge_instance.id) whose intent a pending record
    // is, so that only intents of replicas that stopped are marked interrupted.
    sql: `
      CREATE TABLE resource_state (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        last_modified TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX resource_state_changed ON resource_state (kind, last_modified, id);

      CREATE TABLE audit_event (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        time TEXT NOT NULL,
        type TEXT NOT NULL,
        outcome TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        scim_id TEXT,
        jumpcloud_id TEXT,
        user_name TEXT,
        member_id TEXT,
        member_user_name TEXT,
        owner TEXT,
        record TEXT NOT NULL
      );
      CREATE INDEX audit_event_time ON audit_event (time);
      CREATE INDEX audit_event_type ON audit_event (type, seq);
      CREATE INDEX audit_event_outcome ON audit_event (outcome, seq);
      CREATE INDEX audit_event_resource ON audit_event (resource_type, scim_id, seq);
      CREATE INDEX audit_event_jumpcloud ON audit_event (jumpcloud_id, seq);
      CREATE INDEX audit_event_user_name ON audit_event (lower(user_name), seq);
      CREATE INDEX audit_event_member ON audit_event (member_id, seq);
      CREATE INDEX audit_event_member_user_name ON audit_event (lower(member_user_name), seq);

      CREATE TABLE changefeed_cursor (
        feed TEXT PRIMARY KEY,
        position TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE changefeed_seen_event (
        feed TEXT NOT NULL,
        event_id TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        PRIMARY KEY (feed, event_id)
      );
      CREATE INDEX changefeed_seen_event_time ON changefeed_seen_event (feed, timestamp);
      CREATE TABLE changefeed_learned (
        feed TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        learned_at TEXT NOT NULL,
        PRIMARY KEY (feed, name)
      );

      CREATE TABLE resource_observation (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        mapped_hash TEXT,
        mapped_values TEXT,
        observed_at TEXT,
        last_change_at TEXT,
        last_change_origin TEXT,
        last_change_by TEXT,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX resource_observation_seen ON resource_observation (kind, observed_at);

      CREATE TABLE drift_open (
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        attribute_key TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (resource_type, resource_id, attribute_key)
      );
      CREATE INDEX drift_open_opened ON drift_open (opened_at, resource_type, resource_id, attribute_key);
    `,
  },
  {
    version: 2,
    description: 'replicas: who is alive (and with which shared settings), and leases',
    // bridge_instance: one row per running replica, its heartbeat renewed while it runs; the
    // settings fingerprints (hashes, never the values) let a replica refuse to join others that
    // sign tokens, cursors or map attributes differently. lease: one holder per name (the change
    // feed), valid until expires_at by the DATABASE server's clock, so replicas' clocks never vote.
    sql: `
      CREATE TABLE bridge_instance (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        version TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        settings TEXT NOT NULL
      );
      CREATE TABLE lease (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        acquired_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX audit_event_pending ON audit_event (owner) WHERE outcome = 'pending';
    `,
  },
  {
    version: 3,
    description: 'byte-order comparison of times and resource ids; an index of the interrupted records no request flagged yet',
    // The stores compare and page times and ids as text, as SQLite does (byte order). A server
    // whose default collation is a language's (en_US.UTF-8, ICU) orders 'a_b' before 'aB' and
    // may ignore punctuation: changedSince's keyset paging and time bounds would then answer in
    // another order than SQLite and the memory store. COLLATE "C" is byte order on every server.
    // audit_event_unflagged: every write asks for the interrupted records of its resource that
    // no request flagged yet (takeInterrupted); they are almost always none, and this index holds
    // exactly those, so the question costs an empty index probe however long the journal grows
    // (SQLite answers it from process memory, which one replica cannot know of another's).
    sql: `
      ALTER TABLE resource_state ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN last_modified TYPE TEXT COLLATE "C";
      ALTER TABLE audit_event ALTER COLUMN time TYPE TEXT COLLATE "C";
      CREATE INDEX audit_event_unflagged ON audit_event (seq) WHERE outcome = 'interrupted' AND (record::jsonb ->> 'flaggedBy') IS NULL;
    `,
  },
];
