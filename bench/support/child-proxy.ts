import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A yardstick server (`raw-proxy.ts`, `stack-floor.ts`) in its own process. */
export interface ChildProxy {
  url: string;
  /** The process id, to read its CPU time from /proc. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `dist/bench/support/<script>.js <target>` and waits for its "listening on" line. */
async function startYardstick(distRoot: string, script: string, target: string, env: Record<string, string> = {}): Promise<ChildProxy> {
  const child = spawn(process.execPath, [join(distRoot, 'bench', 'support', `${script}.js`), target], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${seen}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${seen}`)));
  });
  child.stdout.resume();
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The raw proxy (`raw-proxy.ts`) on an ephemeral loopback port in front of `target`. */
export function startChildProxy(distRoot: string, target: string): Promise<ChildProxy> {
  return startYardstick(distRoot, 'raw-proxy', target);
}

/** The stack floor (`stack-floor.ts`): express and the bridge's JumpCloud client, nothing between. */
export function startChildStackFloor(distRoot: string, target: string, apiKey: string): Promise<ChildProxy> {
  return startYardstick(distRoot, 'stack-floor', target, { JUMPCLOUD_API_KEY: apiKey });
}
