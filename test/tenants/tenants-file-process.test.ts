import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startMultiOrgEmulator, type RunningMultiOrgEmulator } from '../../emulator/server';
import { captureChildOutput } from '../support/log-scan/child-output';
import { registerSecret } from '../support/log-scan/scan-state';
import { generateTenants, writeTenantsFile, type GeneratedTenants } from './support/tenant-files';

const TENANTS = 50;

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * `npm start` with TENANTS_FILE, as an MSP runs it: fifty tenants (fifty organisations behind one
 * provider key) in one process, each answering with its own token; then the file changes and a
 * SIGHUP adds a tenant and removes another without a restart, and a broken file changes nothing.
 */
describe('a bridge process serving the tenants of a file', () => {
  let emulator: RunningMultiOrgEmulator;
  let dir: string;
  let child: ChildProcess | undefined;
  let tenants: GeneratedTenants;

  beforeAll(async () => {
    tenants = generateTenants(TENANTS + 1);
    for (const token of tenants.tokens) registerSecret('SCIM bearer token', token);
    emulator = await startMultiOrgEmulator({ organizations: tenants.orgIds.map((id) => ({ id })) });
    registerSecret('JumpCloud API key', emulator.providerKey);
    dir = mkdtempSync(join(tmpdir(), 'tenants-file-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts fifty tenants, serves each with its own token, and reloads the file on SIGHUP', async () => {
    const file = join(dir, 'tenants.json');
    writeTenantsFile(file, tenants, emulator.url, TENANTS);
    const started = Date.now();
    child = spawn(process.execPath, ['-r', join(__dirname, '..', 'kill', 'ts-register.cjs'), join(__dirname, '..', 'kill', 'bridge-process.ts')], {
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', TENANTS_FILE: file, AUDIT_DB_PATH: join(dir, 'bridge.db'), AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off', LOG_LEVEL: 'warn', ...tenants.env, MSP_JUMPCLOUD_KEY: emulator.providerKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    captureChildOutput('tenants bridge', child);
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const scimTemplate = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        if (line.startsWith('{"listening"')) resolve((JSON.parse(line) as { listening: string }).listening);
      });
      child?.once('exit', (code) => reject(new Error(`bridge exited (${code}): ${output}`)));
    });
    const startMs = Date.now() - started;
    const origin = new URL(scimTemplate.replace('{tenant}', 'x')).origin.replace('//localhost', '//127.0.0.1');
    const status = async (index: number, token = tenants.tokens[index] as string) => {
      const res = await fetch(`${origin}/${tenants.ids[index]}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      return res.status;
    };
    const afterStart = rssMiB(child.pid as number);
    const answers: number[] = [];
    for (let i = 0; i < TENANTS; i++) answers.push(await status(i));
    expect(answers).toEqual(Array(TENANTS).fill(200));
    const afterRequests = rssMiB(child.pid as number);
    expect(await status(1, tenants.tokens[0])).toBe(401);
    // Each tenant's JumpCloud calls went to its own organisation.
    expect(emulator.org(tenants.orgIds[7] as string).requests.list().filter((request) => request.path === '/api/systemusers')).toHaveLength(1);

    // A broken file: SIGHUP changes nothing, the tenants keep serving.
    writeFileSync(file, '{ "tenants": [ { "id": "Not Valid" } ] }');
    child.kill('SIGHUP');
    await waitFor(() => output.includes('tenants file'), 10_000);
    expect(await status(3)).toBe(200);

    // The next file: tenant 0 removed, tenant 50 added.
    writeTenantsFile(file, tenants, emulator.url, TENANTS + 1);
    const document = JSON.parse(readFileSync(file, 'utf8')) as { tenants: unknown[] };
    writeFileSync(file, JSON.stringify({ tenants: document.tenants.slice(1) }));
    child.kill('SIGHUP');
    await waitFor(async () => (await status(TENANTS)) === 200, 15_000);
    expect(await status(0)).toBe(401);
    expect(await status(25)).toBe(200);
    console.log(`tenants file: ${TENANTS} tenants started in ${startMs} ms (process with the TypeScript register); RSS after start ${afterStart.rss.toFixed(1)} MiB, after a request to each ${afterRequests.rss.toFixed(1)} MiB, peak ${rssMiB(child.pid as number).peak.toFixed(1)} MiB`);
  }, 120_000);
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
