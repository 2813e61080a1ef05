import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import winston from 'winston';
import { startBridge } from '../../src/composition/start-bridge';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/logging/logger';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';

/** Where the bridge runs: in this process (jest), or in its own (the long run: a second core). */
export type BridgePlacement = 'in-process' | 'child-process';

/** The bridge under soak: its SCIM base URL, and a graceful stop (in-flight writes and their journal records finish). */
export interface SoakBridge {
  scimBaseUrl: string;
  close(): Promise<void>;
}

/** Starts the real bridge (`startBridge` from the environment `env`, as `npm start` does). */
export async function startSoakBridge(placement: BridgePlacement, env: Record<string, string>): Promise<SoakBridge> {
  if (placement === 'in-process') {
    // Under jest: logged at debug into the log scan (test/support/log-scan), which fails the test on
    // any secret. A long `npm run soak -- --in-process` has no scan to empty the capture: silent.
    const config = loadConfig(env);
    const bridge = process.env.JEST_WORKER_ID ? await startScannedBridge(config) : await startBridge(config, { logger: createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] }) });
    return { scimBaseUrl: bridge.scimBaseUrl, close: () => bridge.close() };
  }
  return spawnBridge(env);
}

/** The bridge in a child `node` (soak-bridge-process.ts, TypeScript transpiled on the fly by the kill test's hook). */
function spawnBridge(env: Record<string, string>): Promise<SoakBridge> {
  const child = spawn(process.execPath, ['-r', join(__dirname, '..', 'kill', 'ts-register.cjs'), join(__dirname, 'soak-bridge-process.ts')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.startsWith('{"listening"')) return;
      const scimBaseUrl = (JSON.parse(line) as { listening: string }).listening;
      resolve({
        scimBaseUrl,
        close: async () => {
          // SIGTERM: the bridge's graceful shutdown, as in production.
          child.kill('SIGTERM');
          const code = await exited;
          if (code !== 0) throw new Error(`bridge exited with ${code}: ${stderr}`);
        },
      });
    });
    void exited.then((code) => reject(new Error(`bridge exited (${code}) before listening: ${stderr}`)));
  });
}
