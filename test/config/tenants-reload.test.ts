import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type BridgeConfig } from '../../src/config/load-config';
import { loadTenants, type TenantDefinition } from '../../src/config/tenants-file';
import { watchTenantsOnSignal, type ReloadLog } from '../../src/config/tenants-reload';

const ENV: NodeJS.ProcessEnv = {
  ACME_KEY: 'jc-acme-api-key-secret-0001',
  ACME_TOKEN: 'acme-scim-token-secret-0001',
  BETA_KEY: 'jc-beta-api-key-secret-0002',
  BETA_TOKEN: 'beta-scim-token-secret-0002',
};

const tenant = (id: string, org: string, key: string, token: string): object => ({
  id,
  jumpcloud: { orgId: org, region: 'us', apiKey: { env: key } },
  scim: { bearerTokens: [{ env: token }] },
});
const ACME = tenant('acme', '5f1a2b3c4d5e6f7a8b9c0d1e', 'ACME_KEY', 'ACME_TOKEN');
const BETA = tenant('beta', '5f1a2b3c4d5e6f7a8b9c0d2f', 'BETA_KEY', 'BETA_TOKEN');

/** Log lines as the reload wrote them. */
interface Line {
  level: 'info' | 'warn' | 'error';
  message: string;
  meta?: Record<string, unknown>;
}

/** What a running bridge would hold: the tenants in service, replaced by apply. */
interface Harness {
  write(document: unknown): void;
  inService: () => string[];
  lines: Line[];
  /** Resolves at the next log line (each reload ends with exactly one). */
  nextLine(): Promise<Line>;
  stop: () => void;
  loads: () => number;
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function start(options: { apply?: (tenants: TenantDefinition[]) => Promise<void> } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'tenants-reload-'));
  const path = join(dir, 'tenants.json');
  // A string is written as it is (a file that does not parse), anything else as JSON.
  const write = (document: unknown): void => writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  write({ tenants: [ACME] });
  const base: BridgeConfig = loadConfig({ TENANTS_FILE: path, AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off' });
  let loads = 0;
  const load = (): TenantDefinition[] => {
    loads += 1;
    return loadTenants(path, base, ENV);
  };
  let inService = load().map((t) => t.id);
  const lines: Line[] = [];
  const waiting: ((line: Line) => void)[] = [];
  const record = (level: Line['level']) => (message: string, meta?: Record<string, unknown>) => {
    const line = { level, message, meta };
    lines.push(line);
    waiting.shift()?.(line);
  };
  const log: ReloadLog = { info: record('info'), warn: record('warn'), error: record('error') };
  const apply =
    options.apply ??
    (async (tenants: TenantDefinition[]) => {
      inService = tenants.map((t) => t.id);
    });
  const stop = watchTenantsOnSignal({ load, apply, log });
  stops.push(stop);
  return {
    write,
    inService: () => inService,
    lines,
    nextLine: () => new Promise((resolve) => waiting.push(resolve)),
    stop,
    loads: () => loads,
  };
}

describe('watchTenantsOnSignal', () => {
  it('on SIGHUP puts a valid file in service (a tenant added)', async () => {
    const bridge = start();
    bridge.write({ tenants: [ACME, BETA] });
    const logged = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    expect(await logged).toEqual({ level: 'info', message: 'tenants file reloaded', meta: { tenants: ['acme', 'beta'] } });
    expect(bridge.inService()).toEqual(['acme', 'beta']);
  });

  it('keeps the tenants in service when the new file is invalid, and says why without a secret', async () => {
    const bridge = start();
    // beta reuses acme's token: refused, so acme keeps running alone.
    bridge.write({ tenants: [ACME, { ...BETA, scim: { bearerTokens: [{ env: 'ACME_TOKEN' }] } }] });
    const logged = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    const line = await logged;
    expect(line).toEqual({
      level: 'warn',
      message: 'tenants file not reloaded: the tenants in service are kept',
      meta: { problems: ['tenants[1] "beta": scim.bearerTokens[0]: the same credential as tenants[0] "acme" scim.bearerTokens[0]; a credential belongs to exactly one tenant, give each its own'] },
    });
    expect(JSON.stringify(line)).not.toContain(ENV.ACME_TOKEN);
    expect(bridge.inService()).toEqual(['acme']);

    // Fixed and signalled again: now it is applied.
    bridge.write({ tenants: [ACME, BETA] });
    const fixed = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    expect((await fixed).level).toBe('info');
    expect(bridge.inService()).toEqual(['acme', 'beta']);
  });

  it('keeps the tenants in service when the file does not parse', async () => {
    const bridge = start();
    bridge.write('{"tenants": [');
    const logged = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    const line = await logged;
    expect(line.level).toBe('warn');
    expect(line.meta?.problems).toEqual([expect.stringMatching(/^TENANTS_FILE: ".*tenants\.json" is not valid JSON/)]);
    expect(bridge.inService()).toEqual(['acme']);
  });

  it('logs an error when apply fails, and the next SIGHUP still reloads', async () => {
    let fail = true;
    let applied: string[] = [];
    const bridge = start({
      apply: async (tenants) => {
        if (fail) throw new Error('database for tenant beta unreachable');
        applied = tenants.map((t) => t.id);
      },
    });
    bridge.write({ tenants: [ACME, BETA] });
    const failed = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    expect(await failed).toEqual({ level: 'error', message: 'tenants file validated but not applied', meta: { error: 'database for tenant beta unreachable' } });
    fail = false;
    const applies = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    expect((await applies).level).toBe('info');
    expect(applied).toEqual(['acme', 'beta']);
  });

  it('never runs two reloads at once: signals during one collapse into one more reload', async () => {
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const bridge = start({
      apply: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        running -= 1;
      },
    });
    const loadsBefore = bridge.loads();
    const first = bridge.nextLine();
    process.emit('SIGHUP', 'SIGHUP');
    process.emit('SIGHUP', 'SIGHUP');
    process.emit('SIGHUP', 'SIGHUP');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await first;
    const second = bridge.nextLine();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await second;
    await new Promise((resolve) => setImmediate(resolve));
    expect(bridge.loads() - loadsBefore).toBe(2);
    expect(most).toBe(1);
    expect(bridge.lines.map((line) => line.level)).toEqual(['info', 'info']);
  });

  it('stops listening after stop()', async () => {
    const bridge = start();
    const listeners = process.listenerCount('SIGHUP');
    bridge.stop();
    expect(process.listenerCount('SIGHUP')).toBe(listeners - 1);
    bridge.write({ tenants: [ACME, BETA] });
    process.emit('SIGHUP', 'SIGHUP');
    await new Promise((resolve) => setImmediate(resolve));
    expect(bridge.lines).toEqual([]);
    expect(bridge.inService()).toEqual(['acme']);
  });

  it('reloads 50 tenants on SIGHUP', async () => {
    const bridge = start();
    const tenants = Array.from({ length: 50 }, (_, i) => {
      const n = String(i).padStart(2, '0');
      ENV[`T${n}_KEY`] = `jc-api-key-secret-tenant-${n}`;
      ENV[`T${n}_TOKEN`] = `scim-token-secret-tenant-${n}`;
      return tenant(`client-${n}`, `5f1a2b3c4d5e6f7a8b9c${n}ff`, `T${n}_KEY`, `T${n}_TOKEN`);
    });
    bridge.write({ tenants });
    const logged = bridge.nextLine();
    const started = process.hrtime.bigint();
    process.emit('SIGHUP', 'SIGHUP');
    await logged;
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`SIGHUP reload of 50 tenants (load + validate + apply stub) in ${elapsedMs.toFixed(1)} ms`);
    expect(bridge.inService()).toHaveLength(50);
    expect(elapsedMs).toBeLessThan(500);
  });
});
