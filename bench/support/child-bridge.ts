import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A bridge in its own process, pointed at a JumpCloud (the emulator) by base URL and key. */
export interface ChildBridge {
  scimBaseUrl: string;
  /** The process id, to read its CPU time and memory from /proc. */
  pid: number;
  token: string;
  stop(): Promise<void>;
}

/** Starts `dist/src/cli/main.js serve` on an ephemeral port with the given extra environment. */
export async function startChildBridge(distRoot: string, env: Record<string, string>): Promise<ChildBridge> {
  const token = 'bench-scim-token-0123456789';
  // A real, durable journal (as in production), in a scratch folder rather than ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bridge-'));
  // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the bridge process; it
  // is stopped with SIGTERM, which the bridge answers with a graceful close, so the profile is written.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, join(distRoot, 'src', 'cli', 'main.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SCIM_BEARER_TOKEN: token,
      AUDIT_DB_PATH: join(dataDir, 'bridge.db'),
      AUDIT_LOG_FILE: join(dataDir, 'audit.log'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const scimBaseUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`bridge did not start: ${seen}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /SCIM base URL\s+(\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace('//localhost', '//127.0.0.1'));
      }
    });
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code}: ${seen}`)));
  });
  child.stdout.resume();
  return {
    pid: child.pid as number,
    scimBaseUrl,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
