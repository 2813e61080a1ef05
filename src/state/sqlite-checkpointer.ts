import { Worker } from 'node:worker_threads';
import type { BridgeDatabase } from './sqlite-database';

/** What one background checkpoint did (SQLite's `wal_checkpoint` answer). */
export interface CheckpointResult {
  busy: number;
  /** WAL frames in the log, and frames moved into the database file. */
  log: number;
  checkpointed: number;
}

/** Checkpoints of the write-ahead log, run off the main thread; `close` stops them and truncates the log. */
export interface BackgroundCheckpoints {
  /** The last checkpoint's answer (undefined before the first). */
  last(): CheckpointResult | undefined;
  close(): Promise<void>;
}

// Resolved here, where the bridge's own modules resolve: an eval'd worker resolves from the cwd.
const DRIVER = require.resolve('better-sqlite3');

/** How often the worker moves the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 1_000;

// Plain JavaScript, evaluated in the worker: it must not need the TypeScript toolchain.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the main thread. A checkpoint copies the log into the database file
 * and fsyncs it; SQLite runs one automatically inside whichever commit crosses 1,000 pages, and
 * that fsync (100-400 ms on a busy shared disk) held every request and /healthz (the long fuzz run
 * saw /healthz answer in 230-415 ms). Here the main connection never checkpoints
 * (`wal_autocheckpoint = 0`; with synchronous=NORMAL a WAL commit does not fsync) and a worker
 * thread with its own connection runs a PASSIVE checkpoint every `intervalMs`, which never blocks
 * the writer. If the worker fails, the main connection checkpoints automatically again (`onError`
 * is told), so the log cannot grow without bound.
 */
export function startBackgroundCheckpoints(db: BridgeDatabase, path: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): BackgroundCheckpoints {
  db.pragma('wal_autocheckpoint = 0');
  let last: CheckpointResult | undefined;
  let failed = false;
  const fallBack = (message: string): void => {
    if (failed) return;
    failed = true;
    db.pragma('wal_autocheckpoint = 1000');
    options.onError?.(message);
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS, driver: DRIVER } });
  worker.on('message', (message: CheckpointResult & { error?: string }) => {
    if (message.error !== undefined) fallBack(message.error);
    else last = message;
  });
  worker.on('error', (err) => fallBack(err.message));
  let running = true;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  // The worker must not keep the process alive on its own (close ends it explicitly).
  worker.unref();
  return {
    last: () => last,
    close: async () => {
      if (running) worker.postMessage('stop');
      await exited;
      // Leave a short log behind for the next start and for the audit CLI.
      if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
