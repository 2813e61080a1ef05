import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { consoleActor } from '../../emulator/default-options';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { CORE_GROUP, CORE_USER, type FuzzContext, type SchemaAttribute } from './fuzz-context';
import { sendRaw } from './raw-http';

/** The secrets of a fuzz target: none may ever appear in an answer or a log line. */
export interface TargetSecrets {
  bearerToken: string;
  basicPassword: string;
  adminToken: string;
  metricsToken: string;
  jumpcloudKey: string;
}

/** A bridge process on an emulator, as a deployment runs it, with what the properties observe. */
export interface FuzzTarget {
  ctx: FuzzContext;
  secrets: TargetSecrets;
  port: number;
  emulator: RunningEmulator;
  /** JumpCloud state changes (emulator mutations) so far. */
  mutations(): number;
  /** Log lines the bridge wrote since the last call (stdout and stderr). */
  takeLogLines(): string[];
  /** Whether the bridge process is still running. */
  alive(): boolean;
  /** CPU time (user + system) the bridge process has used, in ms (10 ms resolution, Linux). */
  cpuMs(): number;
  /** The /healthz probe's latencies so far (ms; -1 for a probe that got no 200). */
  healthLatencies(): Promise<number[]>;
  close(): Promise<void>;
}

const SEEDED_USERS = 20;
const ROOT = join(__dirname, '..', '..');

/**
 * Starts the emulator here (so its state can be watched directly) and the bridge in its own
 * process from the TypeScript sources, at log level debug so that every line it can write is
 * written and scanned; then a /healthz prober in a worker thread (its own event loop, so the
 * fuzzer's work never delays a probe's clock).
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const secrets: TargetSecrets = {
    bearerToken: 'fuzz-scim-bearer-9f3c2a7d41e8b6',
    basicPassword: 'fuzz-basic-password-7c1e9a2b',
    adminToken: 'fuzz-admin-token-4b8d2e6f1a3c',
    metricsToken: 'fuzz-metrics-token-2d7f9c1b5e',
    jumpcloudKey: 'fuzz-jumpcloud-key-6a2e8c4f0d',
  };
  const emulator = await startEmulator({ port: 0, options: { apiKey: secrets.jumpcloudKey }, seed: { generate: { users: SEEDED_USERS, usernamePrefix: 'fuzzseed' } } });
  let mutationCount = 0;
  emulator.ctx.bus.subscribe(() => (mutationCount += 1));
  const userIds = emulator.ctx.users.idsInOrder(0, SEEDED_USERS);
  const actor = consoleActor(emulator.ctx.options);
  const groupIds = ['Fuzz Engineering', 'Fuzz Finance', 'Fuzz "Quoted" Team'].map((name, n) => {
    const group = emulator.ctx.groups.create({ name }, actor);
    const id = String(group.id);
    for (const userId of userIds.slice(n * 3, n * 3 + 5)) emulator.ctx.groups.addMember(id, userId, actor);
    return id;
  });

  const dir = mkdtempSync(join(tmpdir(), 'fuzz-bridge-'));
  const child = spawn(process.execPath, [...(process.env.FUZZ_NODE_ARGS ? process.env.FUZZ_NODE_ARGS.split(' ') : []), '-r', join(ROOT, 'test/kill/ts-register.cjs'), join(ROOT, 'test/kill/bridge-process.ts')], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      SCIM_BEARER_TOKEN: secrets.bearerToken,
      SCIM_BASIC_USERNAME: 'fuzzer',
      SCIM_BASIC_PASSWORD: secrets.basicPassword,
      ADMIN_TOKEN: secrets.adminToken,
      METRICS_TOKEN: secrets.metricsToken,
      JUMPCLOUD_API_KEY: secrets.jumpcloudKey,
      JUMPCLOUD_BASE_URL: emulator.url,
      AUDIT_DB_PATH: join(dir, 'bridge.db'),
      AUDIT_LOG_FILE: 'off',
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logLines: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => logLines.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('{"listening"')) resolve(Number(new URL((JSON.parse(line) as { listening: string }).listening).port));
      else logLines.push(line);
    });
    child.once('exit', (code) => reject(new Error(`the bridge exited (${code}) before listening: ${logLines.join('\n')}`)));
  });

  const attributes = await readSchemas(port, secrets.bearerToken);
  const prober = startHealthProber(port);
  return {
    ctx: { base: '/scim/v2', bearerToken: secrets.bearerToken, basic: { username: 'fuzzer', password: secrets.basicPassword }, adminToken: secrets.adminToken, userIds, groupIds, attributes },
    secrets,
    port,
    emulator,
    mutations: () => mutationCount,
    takeLogLines: () => {
      const taken = logLines;
      logLines = [];
      return taken;
    },
    alive: () => isRunning(child),
    cpuMs: () => processCpuMs(child.pid),
    healthLatencies: () => prober.latencies(),
    close: async () => {
      await prober.stop();
      if (isRunning(child)) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // A profiling run (FUZZ_NODE_ARGS) stops gracefully so node can write its profile.
        child.kill(process.env.FUZZ_NODE_ARGS ? 'SIGTERM' : 'SIGKILL');
        await exited;
      }
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in 1/100 s ticks). */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Every attribute of User and Group (core and extensions) as the bridge's `/Schemas` describes them. */
async function readSchemas(port: number, token: string): Promise<FuzzContext['attributes']> {
  const answer = await sendRaw(port, { method: 'GET', target: '/scim/v2/Schemas', headers: [['Authorization', `Bearer ${token}`]] });
  if (answer.status !== 200) throw new Error(`GET /Schemas answered ${answer.status}`);
  const schemas = (JSON.parse(answer.body) as { Resources: { id: string; attributes: SchemaAttribute[] }[] }).Resources;
  const out: FuzzContext['attributes'] = { User: [], Group: [] };
  for (const schema of schemas) {
    const kind = schema.id === CORE_GROUP ? 'Group' : schema.id === CORE_USER || schema.id.includes(':User') ? 'User' : undefined;
    if (kind) for (const attribute of schema.attributes) out[kind].push({ schema: schema.id, attribute });
  }
  return out;
}

/** Probes /healthz every 50 ms from a worker thread; `latencies()` asks the worker for its list. */
function startHealthProber(port: number): { latencies(): Promise<number[]>; stop(): Promise<void> } {
  // Plain JavaScript on purpose: a worker's code must not need the TypeScript loader.
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const http = require('node:http');
     const latencies = [];
     const probe = () => {
       const started = performance.now();
       const req = http.get({ host: '127.0.0.1', port: workerData.port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
         res.resume();
         res.on('end', () => latencies.push(res.statusCode === 200 ? performance.now() - started : -1));
       });
       req.on('timeout', () => req.destroy());
       req.on('error', () => latencies.push(-1));
     };
     const timer = setInterval(probe, 50);
     parentPort.on('message', (message) => {
       if (message === 'stop') { clearInterval(timer); parentPort.postMessage(latencies); parentPort.close(); }
       else parentPort.postMessage(latencies.slice());
     });`,
    { eval: true, workerData: { port } },
  );
  const ask = (message: 'stop' | 'list'): Promise<number[]> => new Promise((resolve) => worker.once('message', resolve as (value: unknown) => void).postMessage(message));
  return {
    latencies: () => ask('list'),
    stop: async () => {
      await ask('stop');
      await worker.terminate();
    },
  };
}
