import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from './postgres-database';
import { schemaLockKey } from './postgres-schema';

/**
 * Domain prefix of a setting's fingerprint: the hash of a secret made here can never be mistaken
 * for (or replayed as) a hash the bridge or anyone else makes of the same value for another use.
 */
const FINGERPRINT_DOMAIN = 'jumpcloud-scim-bridge/setting-fingerprint/v1';

/**
 * Key of the transaction advisory lock taken while a replica checks its peers and registers: two
 * replicas started together with different settings cannot both find the table empty and both
 * join. (A 64-bit key: "jcscimrg" in ASCII.)
 */
export const REGISTRATION_LOCK_KEY = '7666097861522453095';

/**
 * The registration lock's key for the replicas registered in `schema` (a tenant's, the schema of
 * the pool's bridge_instance table): REGISTRATION_LOCK_KEY without one (as before tenants), else
 * a key of that schema's own, since advisory locks are shared by the whole database and two
 * tenants' registrations have nothing to exclude each other from.
 */
export function registrationLockKey(schema?: string): string {
  return schema === undefined ? REGISTRATION_LOCK_KEY : schemaLockKey('registration', schema);
}

/** Rows whose heartbeat is older than this are deleted at registration: replicas long gone. */
export const DEFAULT_PURGE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The fingerprint of a setting that every replica must share: SHA-256 (hex) of a fixed domain
 * prefix, the setting's name and its value. Only this is stored (bridge_instance.settings), never
 * the value: the table is readable by whoever reads the database, and it holds signing secrets'
 * fingerprints.
 */
export function settingFingerprint(name: string, value: string): string {
  return createHash('sha256').update(`${FINGERPRINT_DOMAIN}\0${name}\0${value}`).digest('hex');
}

/** What a replica says of itself when it joins (a row of bridge_instance). */
export interface RegisterInstanceOptions {
  pool: Pool;
  /**
   * The schema `pool` is pinned to (a tenant's, as given to openPool): only the key of the
   * registration lock depends on it. Undefined: `public`, the single-tenant store.
   */
  schema?: string;
  /** This replica's id (also the owner of its journal intents, and its lease holder name). */
  id: string;
  host: string;
  pid: number;
  version: string;
  /** Setting NAME -> settingFingerprint(NAME, value), for every setting all replicas must share. */
  settings: Record<string, string>;
  /** How often the heartbeat is renewed. */
  heartbeatMs: number;
  /** A replica whose heartbeat is older than this counts as gone (no longer compared, not live). */
  staleAfterMs: number;
  /** Rows older than this are deleted at registration (default one day). */
  purgeAfterMs?: number;
  /** A heartbeat failed (the database unreachable...): for the log; the next one tries again. */
  onError?(err: unknown): void;
}

/** A registered replica: its row is kept alive until close(). */
export interface RegisteredInstance {
  readonly id: string;
  /** Stops the heartbeat and deletes the row (a replica that stops is no longer live at once). */
  close(): Promise<void>;
}

interface InstanceRow {
  id: string;
  host: string;
  pid: number;
  settings: string;
}

/**
 * Joins the replicas on this database: refuses (throws, naming each differing setting) when a live
 * replica runs with another fingerprint of a shared setting, since tokens, cursors and mapped
 * attributes one replica writes would then be wrong on the next; otherwise inserts this replica's
 * row and renews its heartbeat every heartbeatMs until close().
 */
export async function registerInstance(options: RegisterInstanceOptions): Promise<RegisteredInstance> {
  const purgeAfterMs = options.purgeAfterMs ?? DEFAULT_PURGE_AFTER_MS;
  const settings = JSON.stringify(options.settings);
  const client = await options.pool.connect();
  try {
    await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [registrationLockKey(options.schema)]);
      await client.query('DELETE FROM bridge_instance WHERE heartbeat_at < now() - make_interval(secs => $1)', [purgeAfterMs / 1000]);
      const live = await client.query<InstanceRow>('SELECT id, host, pid, settings FROM bridge_instance WHERE id <> $1 AND heartbeat_at > now() - make_interval(secs => $2) ORDER BY started_at, id', [
        options.id,
        options.staleAfterMs / 1000,
      ]);
      const differences = live.rows.flatMap((peer) => differingSettings(options.settings, peer));
      if (differences.length > 0) throw new Error(differences.join('; '));
      await client.query(
        `INSERT INTO bridge_instance (id, host, pid, version, settings) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, version = EXCLUDED.version, settings = EXCLUDED.settings, started_at = now(), heartbeat_at = now()`,
        [options.id, options.host, options.pid, options.version, settings],
      );
    });
  } finally {
    client.release();
  }

  let closed = false;
  let beating: Promise<unknown> | undefined;
  const beat = () => {
    if (closed || beating) return;
    // An upsert, not an UPDATE: a replica paused past the purge age gets its row back.
    beating = options.pool
      .query(
        `INSERT INTO bridge_instance (id, host, pid, version, settings) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
        [options.id, options.host, options.pid, options.version, settings],
      )
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => (beating = undefined));
  };
  // Unref'd: a heartbeat must never be what keeps a stopping process alive.
  const timer = setInterval(beat, options.heartbeatMs).unref();
  return {
    id: options.id,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await beating;
      await options.pool.query('DELETE FROM bridge_instance WHERE id = $1', [options.id]);
    },
  };
}

/** The ids of the replicas alive now (a heartbeat within staleAfterMs, by the database's clock), sorted. */
export async function liveInstanceIds(pool: Pick<Pool, 'query'>, staleAfterMs: number): Promise<string[]> {
  const result = await pool.query<{ id: string }>('SELECT id FROM bridge_instance WHERE heartbeat_at > now() - make_interval(secs => $1) ORDER BY id', [staleAfterMs / 1000]);
  return result.rows.map((row) => row.id);
}

/** One sentence per shared setting this replica and `peer` disagree on (a setting only one of them has counts). */
function differingSettings(mine: Record<string, string>, peer: InstanceRow): string[] {
  const theirs = parseSettings(peer.settings);
  const names = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort();
  const where = `replica ${peer.id} on ${peer.host} (pid ${peer.pid})`;
  return names.flatMap((name) => {
    if (mine[name] === theirs[name]) return [];
    if (theirs[name] === undefined) return [`${name}: this replica sets it and ${where} does not; every replica must use the same ${name}`];
    if (mine[name] === undefined) return [`${name}: ${where} sets it and this replica does not; every replica must use the same ${name}`];
    return [`${name}: this replica's value differs from the one ${where} runs; every replica must use the same ${name}`];
  });
}

function parseSettings(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, string>;
  } catch {
    // A row this build cannot read differs in every setting it has (below: an empty record).
  }
  return {};
}
