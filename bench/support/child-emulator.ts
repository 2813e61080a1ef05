import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** An emulator in its own process, so its memory is measured apart from the client's. */
export interface ChildEmulator {
  url: string;
  /** The process id, to read its CPU time and memory from /proc. */
  pid: number;
  apiKey: string;
  /** Calls a control route of the emulator (`/__emulator/...`). */
  control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `dist/src/cli/main.js emulator --empty` on an ephemeral loopback port. */
export async function startChildEmulator(distRoot: string): Promise<ChildEmulator> {
  const apiKey = `bench_${randomBytes(12).toString('hex')}`;
  const child: ChildProcess = spawn(process.execPath, [join(distRoot, 'src', 'cli', 'main.js'), 'emulator', '--port', '0', '--empty', '--api-key', apiKey], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${seen}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${seen}`)));
  });
  child.stdout?.resume();
  return {
    pid: child.pid as number,
    url,
    apiKey,
    async control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}/__emulator${path}`, {
        method,
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} /__emulator${path} answered ${res.status}: ${await res.text()}`);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
