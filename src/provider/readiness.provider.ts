import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JumpCloudClient } from '../jumpcloud/jumpcloud-client';
import { JumpCloudError } from '../jumpcloud/jumpcloud-error';
import { describePostgresError } from '../state/postgres-database';
import { IN_MEMORY, type BridgeDatabase } from '../state/sqlite-database';

/** One readiness check's verdict, in words an operator can act on (never JumpCloud's own text). */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

/** The readiness report: ready only when every check passes. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** One named part of readiness (the audit store, the change feed...): resolves, never rejects. */
export type ReadinessCheck = () => Promise<CheckResult>;

/** Explains a failed JumpCloud call to an operator without quoting JumpCloud. */
export function explainJumpCloudFailure(err: unknown): string {
  if (!(err instanceof JumpCloudError)) return 'JumpCloud check failed unexpectedly';
  if (err.status === 401 || err.status === 403) return `JumpCloud rejected the API key (HTTP ${err.status}): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID`;
  if (err.status === 400 || err.status === 404) return `JumpCloud refused the organisation (HTTP ${err.status}): check JUMPCLOUD_ORG_ID`;
  if (err.status !== undefined && err.status >= 300 && err.status < 400) return `JumpCloud answered a redirect (HTTP ${err.status}): the key is probably missing or the base URL wrong`;
  if (err.status !== undefined) return `JumpCloud answered HTTP ${err.status}`;
  return `JumpCloud is unreachable (${err.kind})`;
}

/** Free space below which the audit store counts as not writable: a journal write must not fail mid-request. */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;

/** SQLite's words for why a write failed, as an operator's fix. */
function explainWriteFailure(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_READONLY') return 'the audit database is read-only: check the permissions of AUDIT_DB_PATH and its volume (the image runs as user node)';
  if (code === 'SQLITE_BUSY') return 'the audit database is locked by another process: stop the other writer of AUDIT_DB_PATH';
  if (code === 'SQLITE_FULL') return 'the disk holding AUDIT_DB_PATH is full';
  if (typeof code === 'string') return `the audit database cannot be written (${code})`;
  return `the audit database cannot be written (${(err as Error).message})`;
}

/**
 * The audit store's writability: a real write (a change to the migrations table, rolled back, so
 * nothing is kept: SQLite refuses it on a read-only file or a locked database), plus the file still
 * being there (a volume unmounted under a running process) and free space on its disk (a rolled
 * back write never reaches the disk, so a full disk would go unnoticed).
 */
export function auditStoreCheck(db: BridgeDatabase, path: string, options: { minFreeBytes?: number } = {}): ReadinessCheck {
  const minFreeBytes = options.minFreeBytes ?? MIN_FREE_BYTES;
  return async () => {
    try {
      if (path !== IN_MEMORY) {
        if (!existsSync(path)) return { ok: false, detail: `the audit database ${path} is gone (was its volume unmounted?): restart the bridge on a mounted AUDIT_DB_PATH` };
        const disk = statfsSync(dirname(path));
        const free = disk.bavail * disk.bsize;
        if (free < minFreeBytes) return { ok: false, detail: `the disk holding AUDIT_DB_PATH has ${Math.floor(free / 1024)} KiB free: free space or lower AUDIT_RETENTION_DAYS` };
      }
      // better-sqlite3 is synchronous: no other transaction of this connection can be open here.
      db.exec('BEGIN IMMEDIATE');
      try {
        db.prepare("UPDATE schema_migrations SET description = description || '.' WHERE version = (SELECT MAX(version) FROM schema_migrations)").run();
      } finally {
        db.exec('ROLLBACK');
      }
      return { ok: true, detail: 'the audit database accepts writes' };
    } catch (err) {
      return { ok: false, detail: explainWriteFailure(err) };
    }
  };
}

/** How long the PostgreSQL check waits for its answer by default: a probe must answer before the orchestrator's own timeout. */
export const POSTGRES_CHECK_TIMEOUT_MS = 2000;

/** What the PostgreSQL check needs of the pool: one query (no driver type, so provider/ stays free of it). */
export interface PostgresQueryable {
  query(text: string): Promise<unknown>;
}

/**
 * The PostgreSQL store's reachability: `SELECT 1` through the pool every store uses, within
 * `timeoutMs` (the wait for a free pooled connection included: a pool drained by stuck writes is
 * a replica that cannot serve). The detail is in an operator's words from describePostgresError,
 * never the URL, which holds the password.
 */
export function postgresStoreCheck(pool: PostgresQueryable, options: { timeoutMs?: number } = {}): ReadinessCheck {
  const timeoutMs = options.timeoutMs ?? POSTGRES_CHECK_TIMEOUT_MS;
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const answer = await Promise.race([pool.query('SELECT 1').then(() => 'answered' as const), timedOut]);
      if (answer === 'timeout') {
        return { ok: false, detail: `the PostgreSQL database did not answer within ${timeoutMs} ms: the server is overloaded or unreachable, or every pooled connection is busy (DATABASE_POOL_SIZE)` };
      }
      return { ok: true, detail: 'the PostgreSQL database answers' };
    } catch (err) {
      return { ok: false, detail: `the PostgreSQL database cannot be used: ${describePostgresError(err)}` };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Options of the readiness probe. */
export interface ReadinessOptions {
  /** How long a verdict is reused (default 5 s), so frequent probes do not spend JumpCloud's rate limit. */
  cacheMs?: number;
  /** Deadline of the JumpCloud call (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
  /** Further named checks (config, auditStore, changeFeed...), run beside the JumpCloud one. */
  checks?: Record<string, ReadinessCheck>;
}

/**
 * Builds the readiness probe: one cheap authenticated JumpCloud call (a one-user page) and the
 * other named checks, run together; ready only when all pass. The whole verdict is cached for
 * `cacheMs`, so concurrent and frequent probes cost one JumpCloud call.
 */
export function createReadinessProbe(client: JumpCloudClient, options: ReadinessOptions = {}): () => Promise<ReadinessReport> {
  const cacheMs = options.cacheMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  const others = Object.entries(options.checks ?? {});
  let cached: { at: number; report: Promise<ReadinessReport> } | undefined;

  async function jumpcloud(): Promise<CheckResult> {
    try {
      await client.users.listPage({ limit: 1, fields: ['_id'] }, { deadlineMs: Date.now() + timeoutMs });
      return { ok: true, detail: 'JumpCloud accepted the API key' };
    } catch (err) {
      return { ok: false, detail: explainJumpCloudFailure(err) };
    }
  }

  async function guarded(check: ReadinessCheck): Promise<CheckResult> {
    try {
      return await check();
    } catch (err) {
      // A check is not supposed to throw; if one does, readiness says so rather than answering 500.
      return { ok: false, detail: `check failed unexpectedly: ${(err as Error).message}` };
    }
  }

  async function probe(): Promise<ReadinessReport> {
    const results = await Promise.all([jumpcloud(), ...others.map(([, check]) => guarded(check))]);
    const checks: Record<string, CheckResult> = { jumpcloud: results[0] as CheckResult };
    others.forEach(([name], i) => (checks[name] = results[i + 1] as CheckResult));
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  }

  return () => {
    if (!cached || now() - cached.at >= cacheMs) cached = { at: now(), report: probe() };
    return cached.report;
  };
}
