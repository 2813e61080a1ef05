import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running test PostgreSQL server: its superuser URL, and how to stop it. */
export interface TestPostgresServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts embedded-server.mjs (a real PostgreSQL from npm, on a free loopback port) in a child
 * process and waits for its URL. The child stops the server when this process ends, even by a kill.
 */
export function startTestPostgres(timeoutMs = 60_000): Promise<TestPostgresServer> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'embedded-server.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded PostgreSQL did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin?.end();
          }),
      });
    });
  });
}
