/**
 * The bridge database's schema, as an ordered list of migrations. A migration is applied once,
 * in a transaction, and recorded in `schema_migrations`; never edit a released one: append.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'resource state (meta.lastModified)',
    sql: `
      CREATE TABLE resource_state (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        last_modified TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'audit journal',
    // The whole record is kept as JSON; the columns beside it exist to be filtered and indexed.
    // seq orders the journal (newest first = seq descending) and is what a cursor holds.
    sql: `
      CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        time TEXT NOT NULL,
        type TEXT NOT NULL,
        outcome TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        scim_id TEXT,
        jumpcloud_id TEXT,
        user_name TEXT COLLATE NOCASE,
        member_id TEXT,
        member_user_name TEXT COLLATE NOCASE,
        record TEXT NOT NULL
      );
      CREATE INDEX audit_event_time ON audit_event (time);
      CREATE INDEX audit_event_type ON audit_event (type, seq);
      CREATE INDEX audit_event_outcome ON audit_event (outcome, seq);
      CREATE INDEX audit_event_resource ON audit_event (resource_type, scim_id, seq);
      CREATE INDEX audit_event_jumpcloud ON audit_event (jumpcloud_id, seq);
      CREATE INDEX audit_event_user_name ON audit_event (user_name, seq);
      CREATE INDEX audit_event_member ON audit_event (member_id, seq);
      CREATE INDEX audit_event_member_user_name ON audit_event (member_user_name, seq);
    `,
  },
  {
    version: 3,
    description: 'change feed (cursor, seen events, observed resources, open drift)',
    // changefeed_cursor: where each feed (Directory Insights, the reconciliation scan) stands.
    // changefeed_seen_event: ids of the events read inside the look-back window, so re-reading
    // the overlap drops what was already applied (a restart neither misses nor replays events).
    // resource_observation: per resource, the hash and values of its mapped attributes as last
    // seen (the fallback scan compares them) and the origin of its latest change.
    // drift_open: attributes the bridge owns that someone else changed, until the bridge writes them again.
    sql: `
      CREATE TABLE changefeed_cursor (
        feed TEXT PRIMARY KEY,
        position TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE changefeed_seen_event (
        feed TEXT NOT NULL,
        event_id TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        PRIMARY KEY (feed, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX changefeed_seen_event_time ON changefeed_seen_event (feed, timestamp);
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
      ) WITHOUT ROWID;
      CREATE INDEX resource_observation_seen ON resource_observation (kind, observed_at);
      CREATE TABLE drift_open (
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        attribute_key TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (resource_type, resource_id, attribute_key)
      ) WITHOUT ROWID;
      CREATE INDEX drift_open_opened ON drift_open (opened_at, resource_type, resource_id, attribute_key);
    `,
  },
  {
    version: 4,
    description: 'resource state by change time (delta queries)',
    // `meta.lastModified gt` (SailPoint's delta aggregation) reads the changes after a time: a
    // range of this index instead of the whole table. WITHOUT ROWID: the entries hold the id too.
    sql: `CREATE INDEX resource_state_changed ON resource_state (kind, last_modified);`,
  },
  {
    version: 5,
    description: 'change feed: what a feed learned (the administrator behind the API key)',
    // Directory Insights names the admin who owns the API key as the author of the bridge's own
    // writes (NOTES.md "Observed in real events"): once learned, it must survive a restart, or the
    // first page after one could be attributed to another admin's script.
    sql: `
      CREATE TABLE changefeed_learned (
        feed TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        learned_at TEXT NOT NULL,
        PRIMARY KEY (feed, name)
      ) WITHOUT ROWID;
    `,
  },
];
