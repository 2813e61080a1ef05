import type { Statement } from 'better-sqlite3';
import type { BridgeDatabase } from '../state/sqlite-database';
import type { AuditCompletion, AuditRecord, AuditResourceType } from './audit-record';
import { decodeAuditCursor, encodeAuditCursor, listOf, pageSize } from './audit-query';
import type { AuditPage, AuditQuery, AuditStore } from './audit-store';
import { mergeCompletion } from './memory-audit-store';

type Filters = Omit<AuditQuery, 'limit' | 'cursor'>;

/**
 * The AuditStore on the bridge's SQLite database (table `audit_event`, see
 * src/state/sqlite-migrations.ts): the record as JSON, its filterable fields as indexed columns.
 * Every statement is prepared once (queries by their filter shape) and writes are transactions.
 */
export class SqliteAuditStore implements AuditStore {
  private readonly insert: Statement;
  private readonly selectById: Statement<[string], { record: string }>;
  private readonly updateRecord: Statement;
  private readonly deleteById: Statement<[string]>;
  private readonly selectPending: Statement<[], { id: string; record: string }>;
  private readonly deleteBefore: Statement<[string]>;
  private readonly unflaggedInterrupted: Statement<[], { found: number }>;
  private readonly queries = new Map<string, Statement>();
  /**
   * Whether `interrupted` records no request acknowledged yet may exist (undefined: not known).
   * Only `markInterrupted` makes such records, and it runs once, at start, in the process that
   * owns the database; so once none are left, every later write skips looking for them (a
   * transaction and a SELECT per write, issue 13) until it runs again.
   */
  private interruptedMayExist: boolean | undefined;

  constructor(private readonly db: BridgeDatabase) {
    this.insert = db.prepare(
      `INSERT INTO audit_event (id, time, type, outcome, resource_type, scim_id, jumpcloud_id, user_name, member_id, member_user_name, record)
       VALUES (@id, @time, @type, @outcome, @resourceType, @scimId, @jumpcloudId, @userName, @memberId, @memberUserName, @record)`,
    );
    this.selectById = db.prepare('SELECT record FROM audit_event WHERE id = ?');
    this.updateRecord = db.prepare('UPDATE audit_event SET outcome = @outcome, scim_id = @scimId, jumpcloud_id = @jumpcloudId, record = @record WHERE id = @id');
    this.deleteById = db.prepare('DELETE FROM audit_event WHERE id = ?');
    this.selectPending = db.prepare("SELECT id, record FROM audit_event WHERE outcome = 'pending' ORDER BY seq");
    this.deleteBefore = db.prepare('DELETE FROM audit_event WHERE time < ?');
    this.unflaggedInterrupted = db.prepare("SELECT EXISTS (SELECT 1 FROM audit_event WHERE outcome = 'interrupted' AND json_extract(record, '$.flaggedBy') IS NULL) AS found");
  }

  async append(records: readonly AuditRecord[]): Promise<void> {
    // The bridge appends none (a copy or an import might): they must be found again.
    if (records.some((record) => record.outcome === 'interrupted')) this.interruptedMayExist = true;
    // One record (a write's intent, on every write): one INSERT is its own transaction, durable
    // when it returns, without a BEGIN and a COMMIT around it.
    const [only] = records;
    if (records.length === 1 && only) {
      this.insert.run(columnsOf(only));
      return;
    }
    this.db.transaction(() => {
      for (const record of records) this.insert.run(columnsOf(record));
    })();
  }

  async complete(id: string, completion: AuditCompletion): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.selectById.get(id);
      if (!row) return false;
      this.write(mergeCompletion(JSON.parse(row.record) as AuditRecord, completion));
      return true;
    })();
  }

  async settle(intentId: string, records: readonly AuditRecord[]): Promise<void> {
    this.db.transaction(() => {
      this.deleteById.run(intentId);
      for (const record of records) this.insert.run(columnsOf(record));
    })();
  }

  async query(query: AuditQuery = {}): Promise<AuditPage> {
    const limit = pageSize(query.limit);
    const where = whereOf(query);
    if (query.cursor !== undefined) {
      where.clauses.push('seq < @beforeSeq');
      where.params.beforeSeq = decodeAuditCursor(query.cursor);
    }
    // One more than the page tells whether a next page exists without a COUNT. The page's seqs are
    // chosen first and the records read after: a time range is found through audit_event_time,
    // whose order is not seq's, and sorting only the seqs (not every record in the range, blobs
    // included) keeps a page of a busy range cheap: reading a 6,000-record range 200 at a time
    // took 213 ms with the records sorted per page, 73 ms with only the seqs sorted.
    const rows = this.statement(
      `SELECT seq, record FROM audit_event WHERE seq IN (SELECT seq FROM audit_event ${sqlWhere(where.clauses)} ORDER BY seq DESC LIMIT @limit) ORDER BY seq DESC`,
    ).all({
      ...where.params,
      limit: limit + 1,
    }) as { seq: number; record: string }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      records: page.map((row) => JSON.parse(row.record) as AuditRecord),
      ...(rows.length > limit && last ? { nextCursor: encodeAuditCursor(last.seq) } : {}),
    };
  }

  async history(resourceType: AuditResourceType, id: string, limit?: number): Promise<AuditRecord[]> {
    const memberClause = resourceType === 'User' ? ' OR member_id = @id' : '';
    const rows = this.statement(
      `SELECT record FROM audit_event WHERE (resource_type = @resourceType AND (scim_id = @id OR jumpcloud_id = @id))${memberClause} ORDER BY seq DESC LIMIT @limit`,
    ).all({ resourceType, id, limit: pageSize(limit) }) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as AuditRecord);
  }

  async count(query: Filters = {}): Promise<number> {
    const where = whereOf(query);
    const row = this.statement(`SELECT COUNT(*) AS n FROM audit_event ${sqlWhere(where.clauses)}`).get(where.params) as { n: number };
    return row.n;
  }

  async markInterrupted(): Promise<AuditRecord[]> {
    return this.db.transaction(() => {
      const marked: AuditRecord[] = [];
      for (const row of this.selectPending.all()) {
        const record: AuditRecord = { ...(JSON.parse(row.record) as AuditRecord), outcome: 'interrupted' };
        this.write(record);
        marked.push(record);
      }
      this.interruptedMayExist = this.unflaggedInterrupted.get()?.found === 1;
      return marked;
    })();
  }

  async takeInterrupted(resourceType: AuditResourceType, id: string, requestId: string): Promise<AuditRecord[]> {
    if (this.interruptedMayExist === false) return [];
    return this.db.transaction(() => {
      const memberClause = resourceType === 'User' ? ' OR member_id = @id' : '';
      const rows = this.statement(
        `SELECT record FROM audit_event WHERE outcome = 'interrupted' AND ((resource_type = @resourceType AND (scim_id = @id OR jumpcloud_id = @id))${memberClause}) ORDER BY seq`,
      ).all({ resourceType, id }) as { record: string }[];
      const taken: AuditRecord[] = [];
      for (const row of rows) {
        const record = JSON.parse(row.record) as AuditRecord;
        if (record.flaggedBy !== undefined) continue;
        const flagged = { ...record, flaggedBy: requestId };
        this.write(flagged);
        taken.push(flagged);
      }
      this.interruptedMayExist = this.unflaggedInterrupted.get()?.found === 1;
      return taken;
    })();
  }

  async prune(before: Date): Promise<number> {
    return this.deleteBefore.run(before.toISOString()).changes;
  }

  private write(record: AuditRecord): void {
    this.updateRecord.run({ id: record.id, outcome: record.outcome, scimId: record.scimId ?? null, jumpcloudId: record.jumpcloudId ?? null, record: JSON.stringify(record) });
  }

  /** A prepared statement per distinct SQL text (queries differ only by which filters are present). */
  private statement(sql: string): Statement {
    let prepared = this.queries.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.queries.set(sql, prepared);
    }
    return prepared;
  }
}

/** The indexed columns of a record, as named parameters. */
function columnsOf(record: AuditRecord): Record<string, string | null> {
  return {
    id: record.id,
    time: record.time,
    type: record.type,
    outcome: record.outcome,
    resourceType: record.resourceType,
    scimId: record.scimId ?? null,
    jumpcloudId: record.jumpcloudId ?? null,
    userName: record.userName ?? null,
    memberId: record.member?.id ?? null,
    memberUserName: record.member?.userName ?? null,
    record: JSON.stringify(record),
  };
}

/** The WHERE clauses and parameters of a query's filters (values are always bound, never spliced). */
function whereOf(query: Filters): { clauses: string[]; params: Record<string, string | number> } {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  const inList = (column: string, name: string, values: readonly string[]): void => {
    clauses.push(`${column} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
    values.forEach((value, i) => (params[`${name}${i}`] = value));
  };
  const types = listOf(query.type);
  if (types) inList('type', 'type', types.length > 0 ? types : ['']);
  const outcomes = listOf(query.outcome);
  if (outcomes) inList('outcome', 'outcome', outcomes.length > 0 ? outcomes : ['']);
  if (query.since !== undefined) {
    clauses.push('time >= @since');
    params.since = query.since;
  }
  if (query.until !== undefined) {
    clauses.push('time < @until');
    params.until = query.until;
  }
  if (query.user !== undefined) {
    // user_name and member_user_name are COLLATE NOCASE columns: = compares case-insensitively.
    clauses.push('(user_name = @user OR scim_id = @user OR jumpcloud_id = @user OR member_id = @user OR member_user_name = @user)');
    params.user = query.user;
  }
  if (query.requestId !== undefined) {
    // No column of its own: an operator's occasional lookup, narrowed by the other filters first.
    clauses.push("json_extract(record, '$.requestId') = @requestId");
    params.requestId = query.requestId;
  }
  return { clauses, params };
}

function sqlWhere(clauses: string[]): string {
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
}
