import type { Pool, PoolClient } from 'pg';
import { transaction } from '../state/postgres-database';
import { qualifiedTable } from '../state/postgres-schema';
import type { AuditCompletion, AuditRecord, AuditResourceType } from './audit-record';
import { decodeAuditCursor, encodeAuditCursor, listOf, pageSize } from './audit-query';
import type { AuditPage, AuditQuery, AuditStore } from './audit-store';
import { mergeCompletion } from './memory-audit-store';

type Filters = Omit<AuditQuery, 'limit' | 'cursor'>;
type Queryable = Pick<PoolClient, 'query'>;

/** The replica a store writes for, and how long a replica's silence means it stopped. */
export interface PostgresAuditStoreOptions {
  /**
   * This replica's id (its `bridge_instance` row): written as the `owner` of every pending intent,
   * so that other replicas leave the intents alone while this one heart-beats. Unique per process
   * run: a replica restarted under the same id would never mark its own crashed intents.
   * Absent: the intents have no owner and `markInterrupted` treats every pending record as left
   * over (one process per database, as on SQLite).
   */
  owner?: string;
  /** A replica whose last heartbeat is older than this (database clock) is considered stopped. Default 30. */
  ownerStaleAfterSeconds?: number;
  /**
   * The schema of the `bridge_instance` table the owners heart-beat in, when it is not the pool's:
   * a process registered once (in `public`, say) while each tenant's journal is in the tenant's
   * schema. It must be where the owners really register: an empty table there makes every other
   * replica's write in flight look abandoned, and markInterrupted would mark it. Undefined: the
   * pool's own schema.
   */
  instanceSchema?: string;
}

/** The default of `ownerStaleAfterSeconds`. */
export const DEFAULT_OWNER_STALE_AFTER_SECONDS = 30;

/** Records per INSERT when many are appended at once (12 parameters each, PostgreSQL allows 65,535). */
const INSERT_CHUNK = 500;

const COLUMNS = 'id, time, type, outcome, resource_type, scim_id, jumpcloud_id, user_name, member_id, member_user_name, owner, record';
const COLUMN_COUNT = 12;

/**
 * The AuditStore on the shared PostgreSQL database (table `audit_event`, see
 * src/state/postgres-migrations.ts), for N replicas writing one journal: the record as JSON text,
 * its filterable fields as indexed columns, exactly as SqliteAuditStore keeps them.
 *
 * What differs from SQLite is who may call a pending intent interrupted: on SQLite a pending
 * record at start was left by the one process that died; here it may be a live replica's write in
 * flight. So each intent carries its replica (`owner`), and `markInterrupted` marks only intents
 * whose replica stopped heart-beating (or that have none), under row locks so that two replicas
 * doing it at once mark each record once.
 */
export class PostgresAuditStore implements AuditStore {
  private readonly owner: string | null;
  private readonly staleAfterSeconds: number;
  private readonly instanceTable: string;

  constructor(
    private readonly pool: Pool,
    options: PostgresAuditStoreOptions = {},
  ) {
    this.owner = options.owner ?? null;
    this.staleAfterSeconds = options.ownerStaleAfterSeconds ?? DEFAULT_OWNER_STALE_AFTER_SECONDS;
    this.instanceTable = qualifiedTable(options.instanceSchema, 'bridge_instance');
  }

  async append(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    // One record (a write's intent, on every write): one INSERT is its own transaction, durable
    // when it answers, without a client checked out for a BEGIN and a COMMIT around it.
    if (records.length === 1) {
      await this.insert(this.pool, records);
      return;
    }
    await transaction(this.pool, (client) => this.insert(client, records));
  }

  async complete(id: string, completion: AuditCompletion): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      // FOR UPDATE: a replica's takeInterrupted or markInterrupted rewriting the same record
      // waits, instead of one of the two rewrites of the JSON being lost.
      const found = await client.query<{ record: string }>('SELECT record FROM audit_event WHERE id = $1 FOR UPDATE', [id]);
      const row = found.rows[0];
      if (!row) return false;
      await rewrite(client, [mergeCompletion(JSON.parse(row.record) as AuditRecord, completion)]);
      return true;
    });
  }

  async settle(intentId: string, records: readonly AuditRecord[]): Promise<void> {
    // The usual settle (a write's few outcome records) is ONE statement: the DELETE in a CTE and
    // the INSERT run atomically without BEGIN/COMMIT round trips (5 round trips -> 1, issue 14's
    // bench). Whatever the intent's outcome now, as below.
    if (records.length > 0 && records.length <= INSERT_CHUNK) {
      const { sql, values } = this.insertStatement(records, 1);
      await this.pool.query(`WITH settled_intent AS (DELETE FROM audit_event WHERE id = $1) ${sql}`, [intentId, ...values]);
      return;
    }
    await transaction(this.pool, async (client) => {
      // Whatever the intent's outcome now: another replica may have marked it interrupted while
      // this one was slow to heart-beat, but this replica knows the outcome, which replaces it.
      await client.query('DELETE FROM audit_event WHERE id = $1', [intentId]);
      if (records.length > 0) await this.insert(client, records);
    });
  }

  async query(query: AuditQuery = {}): Promise<AuditPage> {
    const limit = pageSize(query.limit);
    const where = whereOf(query);
    if (query.cursor !== undefined) where.clauses.push(`seq < ${where.bind(decodeAuditCursor(query.cursor))}`);
    // One more than the page tells whether a next page exists without a COUNT.
    const result = await this.pool.query<{ seq: string; record: string }>(
      `SELECT seq, record FROM audit_event ${sqlWhere(where.clauses)} ORDER BY seq DESC LIMIT ${where.bind(limit + 1)}`,
      where.values,
    );
    const page = result.rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      records: page.map((row) => JSON.parse(row.record) as AuditRecord),
      // seq is a BIGINT, which node-postgres answers as a string (it may exceed 2^53; not here).
      ...(result.rows.length > limit && last ? { nextCursor: encodeAuditCursor(Number(last.seq)) } : {}),
    };
  }

  async history(resourceType: AuditResourceType, id: string, limit?: number): Promise<AuditRecord[]> {
    const result = await this.pool.query<{ record: string }>(`SELECT record FROM audit_event WHERE ${aboutClause(resourceType)} ORDER BY seq DESC LIMIT $3`, [
      resourceType,
      id,
      pageSize(limit),
    ]);
    return result.rows.map((row) => JSON.parse(row.record) as AuditRecord);
  }

  async count(query: Filters = {}): Promise<number> {
    const where = whereOf(query);
    const result = await this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM audit_event ${sqlWhere(where.clauses)}`, where.values);
    return Number(result.rows[0]?.n ?? 0);
  }

  /**
   * Marks `interrupted` the pending intents of replicas that stopped: no owner, or an owner with
   * no heartbeat within `ownerStaleAfterSeconds` by the database's clock; never this replica's
   * own. Safe to run periodically and on several replicas at once: the rows are locked with SKIP
   * LOCKED, so a record another replica is marking (or settling) is left to it, and each record
   * is marked once. Answers the records this call marked, oldest first.
   */
  async markInterrupted(): Promise<AuditRecord[]> {
    return transaction(this.pool, async (client) => {
      // The partial index audit_event_pending (owner) WHERE outcome = 'pending' finds the intents;
      // NOT EXISTS is true for a NULL owner too (no bridge_instance row has a NULL id).
      const pending = await client.query<{ record: string }>(
        `SELECT e.record FROM audit_event e
         WHERE e.outcome = 'pending'
           AND ($1::text IS NULL OR e.owner IS DISTINCT FROM $1::text)
           AND NOT EXISTS (
             SELECT 1 FROM ${this.instanceTable} i
             WHERE i.id = e.owner AND i.heartbeat_at > now() - make_interval(secs => $2::double precision)
           )
         ORDER BY e.seq
         FOR UPDATE OF e SKIP LOCKED`,
        [this.owner, this.staleAfterSeconds],
      );
      const marked = pending.rows.map((row): AuditRecord => ({ ...(JSON.parse(row.record) as AuditRecord), outcome: 'interrupted' }));
      await rewrite(client, marked);
      return marked;
    });
  }

  /**
   * The interrupted records of one resource no request flagged yet, flagged now by `requestId`.
   * No "none can exist" shortcut in process memory (another replica may mark some at any time):
   * the query reads the partial index audit_event_unflagged, which holds only unflagged interrupted
   * records, usually none. FOR UPDATE makes a second replica asking at once wait, then re-check the
   * row (now flagged) and leave it out: each record is flagged exactly once.
   */
  async takeInterrupted(resourceType: AuditResourceType, id: string, requestId: string): Promise<AuditRecord[]> {
    // Outside a transaction first: the usual answer (none) costs one statement, no BEGIN/COMMIT.
    const unflagged = `SELECT record FROM audit_event
       WHERE outcome = 'interrupted' AND (record::jsonb ->> 'flaggedBy') IS NULL AND ${aboutClause(resourceType)}
       ORDER BY seq`;
    const probe = await this.pool.query(`${unflagged} LIMIT 1`, [resourceType, id]);
    if (probe.rowCount === 0) return [];
    return transaction(this.pool, async (client) => {
      const found = await client.query<{ record: string }>(`${unflagged} FOR UPDATE`, [resourceType, id]);
      const taken = found.rows.map((row): AuditRecord => ({ ...(JSON.parse(row.record) as AuditRecord), flaggedBy: requestId }));
      await rewrite(client, taken);
      return taken;
    });
  }

  async prune(before: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM audit_event WHERE time < $1', [before.toISOString()]);
    return result.rowCount ?? 0;
  }

  /** INSERTs records in order (seq follows the order given), a chunk of them per statement. */
  private async insert(db: Queryable, records: readonly AuditRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += INSERT_CHUNK) {
      const { sql, values } = this.insertStatement(records.slice(start, start + INSERT_CHUNK), 0);
      await db.query(sql, values);
    }
  }

  /** One multi-row INSERT of `records`, its parameters numbered after the first `offset` ones. */
  private insertStatement(records: readonly AuditRecord[], offset: number): { sql: string; values: (string | null)[] } {
    const values: (string | null)[] = [];
    const rows = records.map((record, row) => {
      values.push(...columnsOf(record, this.owner));
      return `(${Array.from({ length: COLUMN_COUNT }, (_, column) => `$${offset + row * COLUMN_COUNT + column + 1}`).join(', ')})`;
    });
    return { sql: `INSERT INTO audit_event (${COLUMNS}) VALUES ${rows.join(', ')}`, values };
  }
}

/** Writes records back over their rows (outcome, ids and JSON; the owner stays who wrote the intent). */
async function rewrite(db: Queryable, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  // One statement for all of them: the arrays line up by position.
  await db.query(
    `UPDATE audit_event AS e SET outcome = v.outcome, scim_id = v.scim_id, jumpcloud_id = v.jumpcloud_id, record = v.record
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, outcome, scim_id, jumpcloud_id, record)
     WHERE e.id = v.id`,
    [
      records.map((record) => record.id),
      records.map((record) => record.outcome),
      records.map((record) => record.scimId ?? null),
      records.map((record) => record.jumpcloudId ?? null),
      records.map((record) => JSON.stringify(record)),
    ],
  );
}

/** The column values of a record, in COLUMNS order; the owner only on a pending intent. */
function columnsOf(record: AuditRecord, owner: string | null): (string | null)[] {
  return [
    record.id,
    record.time,
    record.type,
    record.outcome,
    record.resourceType,
    record.scimId ?? null,
    record.jumpcloudId ?? null,
    record.userName ?? null,
    record.member?.id ?? null,
    record.member?.userName ?? null,
    record.outcome === 'pending' ? owner : null,
    JSON.stringify(record),
  ];
}

/** The records about a resource ($1 = resource type, $2 = id): itself, or for a user, entitlements naming it. */
function aboutClause(resourceType: AuditResourceType): string {
  const memberClause = resourceType === 'User' ? ' OR member_id = $2' : '';
  return `((resource_type = $1 AND (scim_id = $2 OR jumpcloud_id = $2))${memberClause})`;
}

/** The WHERE clauses of a query's filters and their values (always bound, never spliced). */
function whereOf(query: Filters): { clauses: string[]; values: unknown[]; bind(value: unknown): string } {
  const values: unknown[] = [];
  const bind = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const clauses: string[] = [];
  const types = listOf(query.type);
  if (types) clauses.push(`type = ANY(${bind([...types])}::text[])`);
  const outcomes = listOf(query.outcome);
  if (outcomes) clauses.push(`outcome = ANY(${bind([...outcomes])}::text[])`);
  if (query.since !== undefined) clauses.push(`time >= ${bind(query.since)}`);
  if (query.until !== undefined) clauses.push(`time < ${bind(query.until)}`);
  if (query.user !== undefined) {
    // lower(...) on both sides: SQLite's COLLATE NOCASE; the user name indexes are on lower(...).
    const user = bind(query.user);
    clauses.push(`(lower(user_name) = lower(${user}) OR scim_id = ${user} OR jumpcloud_id = ${user} OR member_id = ${user} OR lower(member_user_name) = lower(${user}))`);
  }
  // No column of its own: an operator's occasional lookup, narrowed by the other filters first.
  if (query.requestId !== undefined) clauses.push(`(record::jsonb ->> 'requestId') = ${bind(query.requestId)}`);
  return { clauses, values, bind };
}

function sqlWhere(clauses: string[]): string {
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
}
