import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { JumpCloudClient, JumpCloudError, type JumpCloudClientOptions } from '../../src/jumpcloud';

const KEY = 'fault-test-key';
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ options: { apiKey: KEY } });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.ctx.reset());

function client(retry: JumpCloudClientOptions['retry'] = {}): JumpCloudClient {
  return new JumpCloudClient({ baseUrl: emulator.url, apiKey: KEY, timeoutMs: 3000, retry: { baseDelayMs: 5, maxDelayMs: 20, ...retry } });
}

/** Installs a fault rule through the emulator's control API. */
async function fault(rule: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify(rule),
  });
  if (response.status >= 300) throw new Error(`fault rule refused: ${response.status} ${await response.text()}`);
}

/** Requests the emulator received for a method and path. */
function received(method: string, path: string): number {
  return emulator.ctx.requests.list().filter((r) => r.method === method && r.path === path).length;
}

describe('client against the emulator fault injection', () => {
  it('429 with Retry-After 1: waits about a second, then succeeds', async () => {
    await fault({ status: 429, retryAfter: 1, count: 1, path: '/api/systemusers' });
    const started = Date.now();
    await expect(client().users.listPage()).resolves.toEqual({ totalCount: 0, results: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(received('GET', '/api/systemusers')).toBe(2);
  });

  it('429 without Retry-After: backs off (exponential, jittered) and succeeds', async () => {
    await fault({ status: 429, count: 2, path: '/api/systemusers' });
    const started = Date.now();
    await expect(client({ baseDelayMs: 5, maxDelayMs: 20 }).users.listPage()).resolves.toEqual({ totalCount: 0, results: [] });
    // Two backoffs capped at 20 ms each: nowhere near a Retry-After-sized wait.
    expect(Date.now() - started).toBeLessThan(900);
    expect(received('GET', '/api/systemusers')).toBe(3);
  });

  it('two 502s, then success', async () => {
    await fault({ status: 502, count: 2, path: '/api/systemusers' });
    await expect(client().users.listPage()).resolves.toMatchObject({ totalCount: 0 });
    expect(received('GET', '/api/systemusers')).toBe(3);
  });

  it('a dropped connection, then success', async () => {
    await fault({ drop: true, count: 1, path: '/api/v2/usergroups' });
    await expect(client().groups.listPage()).resolves.toMatchObject({ totalCount: 1 });
  });

  it('create landed but the connection dropped: exactly one user exists afterwards', async () => {
    await fault({ phase: 'after', drop: true, count: 1, method: 'POST', path: '/api/systemusers' });
    const created = await client().users.create({ username: 'ada', email: 'ada@example.com' });
    expect(created.username).toBe('ada');
    expect(received('POST', '/api/systemusers')).toBe(1);
    const all = await client().users.listPage({ filter: ['username:$eq:ada'] });
    expect(all.totalCount).toBe(1);
    expect(all.results[0]?._id).toBe(created._id);
  });

  it('group create answered 503 after it landed: exactly one group, no duplicate POST', async () => {
    await fault({ phase: 'after', status: 503, count: 1, method: 'POST', path: '/api/v2/usergroups' });
    const group = await client().groups.create({ name: 'Engineering' });
    expect(received('POST', '/api/v2/usergroups')).toBe(1);
    expect((await client().groups.listPage({ filter: ['name:eq:Engineering'] })).items.map((g) => g.id)).toEqual([group.id]);
  });

  it('group create whose first attempt was lost: a group of that name made BEFORE the attempt is not adopted (issue 12 finding 8)', async () => {
    const existing = await client().groups.create({ name: 'Engineering' });
    // The bridge's clock a minute on: the existing group's ObjectId is from well before this attempt.
    const later = new JumpCloudClient({
      baseUrl: emulator.url,
      apiKey: KEY,
      timeoutMs: 3000,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      runtime: { now: () => Date.now() + 60_000, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: () => 0.5 },
    });
    await fault({ phase: 'before', drop: true, count: 1, method: 'POST', path: '/api/v2/usergroups' });
    const error = (await later.groups.create({ name: 'Engineering' }).catch((e: unknown) => e)) as JumpCloudError;
    // The create is repeated, and JumpCloud itself says the name is taken: the client learns the truth.
    expect(error).toBeInstanceOf(JumpCloudError);
    expect(error.status).toBe(409);
    expect(error.isAlreadyExists()).toBe(true);
    expect(received('POST', '/api/v2/usergroups')).toBe(3);
    expect((await client().groups.listPage({ filter: ['name:eq:Engineering'] })).items.map((g) => g.id)).toEqual([existing.id]);
  });

  it('create failed before landing (502 before): the lookup finds nothing and the create is posted again', async () => {
    await fault({ status: 502, count: 1, method: 'POST', path: '/api/systemusers' });
    await client().users.create({ username: 'ada', email: 'ada@example.com' });
    expect(received('POST', '/api/systemusers')).toBe(2);
    expect((await client().users.listPage()).totalCount).toBe(1);
  });

  it('a Retry-After longer than the budget: budget-exhausted, with the 429 kept', async () => {
    await fault({ status: 429, retryAfter: 30, path: '/api/systemusers' });
    const error = (await client({ totalBudgetMs: 2000 }).users.listPage().catch((e: unknown) => e)) as JumpCloudError;
    expect(error).toBeInstanceOf(JumpCloudError);
    expect(error).toMatchObject({ kind: 'budget-exhausted', status: 429, retryAfterSeconds: 30 });
  });

  it('latency beyond the per-call timeout until the budget runs out: timeout, then budget-exhausted', async () => {
    await fault({ latencyMs: 400, path: '/api/systemusers' });
    const c = new JumpCloudClient({ baseUrl: emulator.url, apiKey: KEY, timeoutMs: 100, retry: { baseDelayMs: 5, maxDelayMs: 10, totalBudgetMs: 350, maxAttempts: 10 } });
    const error = (await c.users.listPage().catch((e: unknown) => e)) as JumpCloudError;
    expect(error).toBeInstanceOf(JumpCloudError);
    expect(error.kind).toBe('budget-exhausted');
    expect(error.attempts).toBeGreaterThanOrEqual(2);
  });

  it('503 on every attempt: stops at the attempts cap', async () => {
    await fault({ status: 503, path: '/api/v2/usergroups' });
    const error = (await client({ maxAttempts: 3 }).groups.listPage().catch((e: unknown) => e)) as JumpCloudError;
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 3 });
    expect(received('GET', '/api/v2/usergroups')).toBe(3);
  });
});
