import type { Pool, PoolClient } from 'pg';
import { inTransaction } from './postgres-database';
import type { BridgeDatabase } from './sqlite-database';

/** One table copied from SQLite to PostgreSQL: its columns (the same names on both) and read order. */
interface CopiedTable {
  name: string;
  /** Column names with their PostgreSQL array type for unnest (every column is TEXT but audit_event.seq). */
  columns: readonly (readonly [name: string, pgType: 'text[]' | 'bigint[]'])[];
  orderBy: string;
}

const text = (...names: string[]): [string, 'text[]'][] => names.map((name) => [name, 'text[]']);

/**
 * Every table the bridge's SQLite database holds (src/state/sqlite-migrations.ts), in the order
 * they are copied. audit_event keeps its seq: the journal's order, and every cursor a client or
 * an operator holds (a cursor is a seq), mean the same on PostgreSQL. Its `owner` column (the
 * replica that wrote a pending intent) has no SQLite counterpart and stays NULL.
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'resource_state', columns: text('kind', 'id', 'last_modified'), orderBy: 'kind, id' },
  {
    name: 'audit_event',
    columns: [['seq', 'bigint[]'], ...text('id', 'time', 'type', 'outcome', 'resource_type', 'scim_id', 'jumpcloud_id', 'user_name', 'member_id', 'member_user_name', 'record')],
    orderBy: 'seq',
  },
  { name: 'changefeed_cursor', columns: text('feed', 'position', 'updated_at'), orderBy: 'feed' },
  { name: 'changefeed_seen_event', columns: text('feed', 'event_id', 'timestamp'), orderBy: 'feed, event_id' },
  { name: 'changefeed_learned', columns: text('feed', 'name', 'value', 'learned_at'), orderBy: 'feed, name' },
  {
    name: 'resource_observation',
    columns: text('kind', 'id', 'mapped_hash', 'mapped_values', 'observed_at', 'last_change_at', 'last_change_origin', 'last_change_by'),
    orderBy: 'kind, id',
  },
  { name: 'drift_open', columns: text('resource_type', 'resource_id', 'attribute_key', 'opened_at', 'updated_at', 'record'), orderBy: 'resource_type, resource_id, attribute_key' },
];

/** Rows copied per table, in COPIED_TABLES order. */
export type CopyCounts = { table: string; rows: number }[];

/** What a copy did: rows per table, and how many of the journal's records were pending intents. */
export interface CopyResult {
  tables: CopyCounts;
  pendingIntents: number;
}

/** The target already holds rows: copying into it would mix two bridges' histories. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: readonly { table: string; rows: number }[]) {
    const journal = tables.some((t) => t.table === 'audit_event');
    super(
      `The target PostgreSQL database already holds rows (${tables.map((t) => `${t.table}: ${t.rows}`).join(', ')}); nothing was copied. ` +
        (journal
          ? 'Merging two audit journals would interleave two histories under one sequence, and the cursors of both would point at the wrong records. '
          : 'A bridge has already written state there, which the copy would contradict. ') +
        'Migrate into an empty database, before any replica starts on it.',
    );
    this.name = 'TargetNotEmptyError';
  }
}

/** Rows per INSERT: one unnest per column keeps the parameter count fixed, whatever the batch. */
const BATCH_ROWS = 1000;

/**
 * Copies every table of the bridge's SQLite database into a migrated, empty PostgreSQL database,
 * in one PostgreSQL transaction: a failure (or a refusal) leaves the target as it was. The SQLite
 * side is read inside one read transaction, so the copy is one consistent moment of the source
 * even if a bridge still writes to it (what it writes afterwards is not copied: stop it first).
 * Pending intents are copied as they are, with no owner: the first replica to start on the target
 * marks them interrupted, as a restarted single bridge would.
 */
export async function copySqliteToPostgres(source: BridgeDatabase, target: Pool, batchRows = BATCH_ROWS): Promise<CopyResult> {
  const client = await target.connect();
  try {
    return await inTransaction(client, async () => {
      // Writers (a replica started too early) wait until the copy commits, and the emptiness
      // checked below still holds when the rows go in; readers are not blocked.
      await client.query(`LOCK TABLE ${COPIED_TABLES.map((t) => t.name).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
      await refuseUnlessEmpty(client);
      const tables = await withSqliteSnapshot(source, () => copyTables(source, client, batchRows));
      // The next journal record must come after the copied ones (BIGSERIAL does not follow
      // explicit values): false = the next nextval answers exactly MAX(seq) + 1.
      await client.query("SELECT setval(pg_get_serial_sequence('audit_event', 'seq'), COALESCE(MAX(seq), 0) + 1, false) FROM audit_event");
      const pending = await client.query<{ rows: string }>("SELECT COUNT(*) AS rows FROM audit_event WHERE outcome = 'pending'");
      return { tables, pendingIntents: Number(pending.rows[0]?.rows ?? 0) };
    });
  } finally {
    client.release();
  }
}

async function refuseUnlessEmpty(client: PoolClient): Promise<void> {
  const held: { table: string; rows: number }[] = [];
  for (const table of COPIED_TABLES) {
    const result = await client.query<{ rows: string }>(`SELECT COUNT(*) AS rows FROM ${table.name}`);
    const rows = Number(result.rows[0]?.rows ?? 0);
    if (rows > 0) held.push({ table: table.name, rows });
  }
  if (held.length > 0) throw new TargetNotEmptyError(held);
}

/** Runs `read` inside one SQLite read transaction (a snapshot), ended whatever happens. */
async function withSqliteSnapshot<T>(db: BridgeDatabase, read: () => Promise<T>): Promise<T> {
  db.exec('BEGIN');
  try {
    return await read();
  } finally {
    db.exec('COMMIT');
  }
}

async function copyTables(source: BridgeDatabase, client: PoolClient, batchRows: number): Promise<CopyCounts> {
  const counts: CopyCounts = [];
  for (const table of COPIED_TABLES) counts.push({ table: table.name, rows: await copyTable(source, client, table, batchRows) });
  return counts;
}

async function copyTable(source: BridgeDatabase, client: PoolClient, table: CopiedTable, batchRows: number): Promise<number> {
  const names = table.columns.map(([name]) => name);
  const select = source.prepare(`SELECT ${names.join(', ')} FROM ${table.name} ORDER BY ${table.orderBy}`).raw(true);
  // Read in key order (the journal in seq order) so each batch is a contiguous range; seq itself
  // is copied explicitly, so the order rows land in the heap changes nothing a query sees.
  const insert = `INSERT INTO ${table.name} (${names.join(', ')}) SELECT * FROM unnest(${table.columns.map(([, type], i) => `$${i + 1}::${type}`).join(', ')})`;
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const columns = names.map((_, i) => batch.map((row) => asParameter(row[i])));
    await client.query(insert, columns);
    copied += batch.length;
    batch = [];
  };
  // The iterator reads the table a row at a time: a large journal never sits in memory whole.
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return copied;
}

/** SQLite answers integers as numbers (or BigInt) and text as strings; pg takes both in arrays as text. */
function asParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}
