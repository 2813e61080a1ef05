import { makeTenant, startTenants, type TestTenant } from './support/two-tenants';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** How long tenant A's JumpCloud refuses everything (the issue: "429 for a minute"). */
const STORM_MS = Number(process.env.FAIRNESS_STORM_MS ?? 60_000);
const BASELINE_MS = 5_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Reads one user of `tenant` back to back until `until`; answers each latency (ms) and the failures. */
async function readLoop(tenant: TestTenant, id: string, until: number): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${tenant.scim}/Users/${id}`, { headers: { authorization: `Bearer ${tenant.token}` } });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status !== 200) failures += 1;
  }
  return { latencies: latencies.sort((x, y) => x - y), failures };
}

/**
 * Fair use of JumpCloud between tenants: while tenant A's organisation answers 429 to every call
 * for a minute and A's clients keep sending, tenant B's requests keep their latency. Each tenant
 * has its own JumpCloud client, concurrency limit and throttle gate; only the process is shared.
 */
describe('one tenant\'s 429 storm', () => {
  let a: TestTenant;
  let b: TestTenant;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const started = await startTenants([await makeTenant('stormy'), await makeTenant('calm')]);
    [a, b] = started.tenants as [TestTenant, TestTenant];
    close = async () => {
      await started.bridge.close();
      await a.emulator.close();
      await b.emulator.close();
    };
  });
  afterAll(async () => {
    await close?.();
  });

  it("leaves tenant B's latency as it was", async () => {
    const create = async (tenant: TestTenant, userName: string) => {
      const res = await fetch(`${tenant.scim}/Users`, { method: 'POST', headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ schemas: [CORE], userName, emails: [{ value: userName, type: 'work', primary: true }] }) });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const aUser = await create(a, 'storm@stormy.example');
    const bUser = await create(b, 'calm@calm.example');

    // B alone, as the yardstick.
    const quiet = await readLoop(b, bUser, Date.now() + BASELINE_MS);

    // A's JumpCloud refuses everything; A's clients (8 at once) keep calling while B is measured.
    const faults = await fetch(`${a.emulator.url}/__emulator/faults`, { method: 'PUT', headers: { 'x-api-key': a.emulator.ctx.options.apiKey, 'content-type': 'application/json' }, body: JSON.stringify([{ status: 429, retryAfter: 1 }]) });
    expect(faults.status).toBe(200);
    const until = Date.now() + STORM_MS;
    const aStatuses = new Map<number, number>();
    const stormClient = async () => {
      while (Date.now() < until) {
        const res = await fetch(`${a.scim}/Users/${aUser}`, { headers: { authorization: `Bearer ${a.token}` } });
        await res.arrayBuffer();
        aStatuses.set(res.status, (aStatuses.get(res.status) ?? 0) + 1);
      }
    };
    const [storm] = await Promise.all([readLoop(b, bUser, until), ...Array.from({ length: 8 }, stormClient)]);
    await fetch(`${a.emulator.url}/__emulator/faults`, { method: 'DELETE', headers: { 'x-api-key': a.emulator.ctx.options.apiKey } });

    const figures = {
      stormSeconds: STORM_MS / 1000,
      quiet: { requests: quiet.latencies.length, p50: percentile(quiet.latencies, 50), p99: percentile(quiet.latencies, 99) },
      storm: { requests: storm.latencies.length, p50: percentile(storm.latencies, 50), p99: percentile(storm.latencies, 99) },
      tenantA: Object.fromEntries(aStatuses),
      aEmulator429s: a.emulator.ctx.requests.list().filter((request) => request.status === 429).length,
    };
    console.log(`fairness: ${JSON.stringify(figures)}`);
    // The storm was real: A's JumpCloud answered 429s and A's clients were told to back off.
    expect(figures.aEmulator429s).toBeGreaterThan(0);
    expect([...aStatuses.keys()].every((status) => status === 429 || status === 503)).toBe(true);
    // B never failed and kept its latency (within the noise of a shared 2-core machine).
    expect(quiet.failures + storm.failures).toBe(0);
    expect(figures.storm.p50).toBeLessThanOrEqual(figures.quiet.p50 * 3 + 10);
    expect(figures.storm.p99).toBeLessThanOrEqual(figures.quiet.p99 * 3 + 50);
  }, STORM_MS + 60_000);
});
