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
];
