/**
 * `npm run bench` (tenants part), issue 15: the memory of one bridge process serving many tenants.
 * The built bridge (`dist/src/cli/main.js serve`) is started with a TENANTS_FILE of 1 and of N
 * tenants (default 50; N organisations of one multi-organisation emulator behind a provider key,
 * each tenant with its own SQLite journal), and a single-tenant bridge (no TENANTS_FILE) as the
 * yardstick, in the same run. For each: start time, RSS after start, after one SCIM request to
 * every tenant, and the peak (VmHWM), from /proc/<pid>/status.
 * Usage: [--tenants N]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMultiOrgEmulator } from '../emulator/server';
import { numberArgument as argument } from './support/in-process-bridge';

interface Memory {
  rssMiB: number;
  peakMiB: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

const orgIdOf = (i: number) => (0xb00000 + i).toString(16).padStart(24, '0');

interface Run {
  label: string;
  tenants: number;
  startMs: number;
  afterStart: Memory;
  afterRequests: Memory;
}

/** Starts the built bridge with `env`, waits for its banner, requests each tenant once, measures, stops it. */
async function measure(label: string, env: Record<string, string>, requests: { path: string; token: string }[]): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'cli', 'main.js'), 'serve'], { env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', CHANGEFEED_MODE: 'off', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /(http:\/\/[^/\s]+)\//.exec(seen);
      if (match?.[1] && /SCIM base URL/.test(seen)) resolve(match[1].replace('//localhost', '//127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`bridge exited (${code}): ${seen}`)));
  });
  child.stdout.resume();
  const startMs = Date.now() - started;
  const pid = child.pid as number;
  const afterStart = memoryOf(pid);
  for (const request of requests) {
    const res = await fetch(`${origin}${request.path}`, { headers: { authorization: `Bearer ${request.token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${label}: ${request.path} answered ${res.status}`);
  }
  const afterRequests = memoryOf(pid);
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { label, tenants: requests.length, startMs, afterStart, afterRequests };
}

async function main(): Promise<void> {
  const count = argument('tenants', 50);
  const providerKey = `bench-provider-${randomBytes(8).toString('hex')}`;
  const emulator = await startMultiOrgEmulator({ organizations: Array.from({ length: count }, (_, i) => ({ id: orgIdOf(i) })), providerKey });
  const dir = mkdtempSync(join(tmpdir(), 'tenants-bench-'));
  try {
    const tokens = Array.from({ length: count }, (_, i) => `bench-tenant-${i}-${randomBytes(12).toString('hex')}`);
    const tokenEnv = Object.fromEntries(tokens.map((token, i) => [`TENANT_TOKEN_${i}`, token]));
    const tenantsFile = (n: number, name: string) => {
      const path = join(dir, name);
      writeFileSync(
        path,
        JSON.stringify({
          tenants: Array.from({ length: n }, (_, i) => ({ id: `t${i}`, jumpcloud: { orgId: orgIdOf(i), baseUrl: emulator.url, apiKey: { env: 'MSP_KEY' } }, scim: { bearerTokens: [{ env: `TENANT_TOKEN_${i}` }] } })),
        }),
      );
      return path;
    };
    const requestsFor = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `/t${i}/scim/v2/Users?count=1`, token: tokens[i] as string }));
    const runs: Run[] = [];
    // The yardstick: today's single-tenant bridge on one organisation (its own key, x-org-id chosen by JUMPCLOUD_ORG_ID).
    runs.push(
      await measure('single tenant (no TENANTS_FILE)', { JUMPCLOUD_API_KEY: providerKey, JUMPCLOUD_BASE_URL: emulator.url, JUMPCLOUD_ORG_ID: orgIdOf(0), SCIM_BEARER_TOKEN: tokens[0] as string, AUDIT_DB_PATH: join(dir, 'single', 'bridge.db'), AUDIT_LOG_FILE: join(dir, 'single', 'audit.log') }, [
        { path: '/scim/v2/Users?count=1', token: tokens[0] as string },
      ]),
    );
    for (const n of [1, count]) {
      runs.push(await measure(`TENANTS_FILE, ${n} tenant(s)`, { ...tokenEnv, MSP_KEY: providerKey, TENANTS_FILE: tenantsFile(n, `tenants-${n}.json`), AUDIT_DB_PATH: join(dir, `m${n}`, 'bridge.db'), AUDIT_LOG_FILE: join(dir, `m${n}`, 'audit.log') }, requestsFor(n)));
    }
    console.log(`\nOne bridge process, many tenants (built bridge, SQLite journal per tenant, change feed off; ${count} organisations in one emulator)\n`);
    console.log('| bridge | tenants | start ms | RSS after start MiB | RSS after a request to each MiB | peak RSS MiB |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const run of runs) {
      console.log(`| ${run.label} | ${run.tenants} | ${run.startMs} | ${run.afterStart.rssMiB.toFixed(1)} | ${run.afterRequests.rssMiB.toFixed(1)} | ${run.afterRequests.peakMiB.toFixed(1)} |`);
    }
    const one = runs[1] as Run;
    const many = runs[2] as Run;
    console.log(`\nPer additional tenant: ${((many.afterRequests.rssMiB - one.afterRequests.rssMiB) / (count - 1)).toFixed(2)} MiB of RSS (after a request to each).`);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
