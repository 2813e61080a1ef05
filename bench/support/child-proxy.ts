import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The raw proxy (`raw-proxy.ts`) in its own process, in front of one target. */
export interface ChildProxy {
  url: string;
  /** The process id, to read its CPU time from /proc. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `dist/bench/support/raw-proxy.js` on an ephemeral loopback port in front of `target`. */
export async function startChildProxy(distRoot: string, target: string): Promise<ChildProxy> {
  const child = spawn(process.execPath, [join(distRoot, 'bench', 'support', 'raw-proxy.js'), target], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`raw proxy did not start: ${seen}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`raw proxy exited with ${code}: ${seen}`)));
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
