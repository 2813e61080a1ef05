import { startMultiOrgEmulator, type RunningMultiOrgEmulator } from '../../../emulator/server';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';
const PROVIDER = 'multi-org-server-provider-key';
const KEY_B = 'multi-org-server-key-of-b';

describe('startMultiOrgEmulator', () => {
  let running: RunningMultiOrgEmulator | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const call = (path: string, headers: Record<string, string>, init: { method?: string; body?: object } = {}) =>
    fetch(`${(running as RunningMultiOrgEmulator).url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...headers, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  it('listens on an ephemeral loopback port with seeded organisations reachable by both key styles', async () => {
    running = await startMultiOrgEmulator({
      providerKey: PROVIDER,
      organizations: [{ id: ORG_A, seed: { users: [{ username: 'only.a', email: 'only.a@example.com' }] } }, { id: ORG_B, apiKey: KEY_B }],
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.providerKey).toBe(PROVIDER);
    const inA = await call('/api/systemusers', { 'x-api-key': PROVIDER, 'x-org-id': ORG_A });
    expect(await inA.json()).toMatchObject({ totalCount: 1, results: [{ username: 'only.a', organization: ORG_A }] });
    const inB = await call('/api/systemusers', { 'x-api-key': KEY_B });
    expect(await inB.json()).toEqual({ totalCount: 0, results: [] });
    expect(running.org(ORG_A.toUpperCase()).users.count()).toBe(1);
    expect(running.org(ORG_B).users.count()).toBe(0);
    expect(() => running?.org('ccccccccccccccccccccccc3')).toThrow(/no organisation/);
  });

  it('does not delay one organisation while the other answers slowly', async () => {
    running = await startMultiOrgEmulator({ providerKey: PROVIDER, organizations: [{ id: ORG_A }, { id: ORG_B, apiKey: KEY_B }] });
    const fault = await call('/__emulator/faults', { 'x-api-key': PROVIDER, 'x-org-id': ORG_A }, { method: 'POST', body: { latencyMs: 1500 } });
    expect(fault.status).toBe(201);
    const started = Date.now();
    const slow = call('/api/systemusers', { 'x-api-key': PROVIDER, 'x-org-id': ORG_A }).then((res) => ({ status: res.status, ms: Date.now() - started }));
    const fast = await call('/api/systemusers', { 'x-api-key': KEY_B });
    const fastMs = Date.now() - started;
    expect(fast.status).toBe(200);
    const slowDone = await slow;
    expect(slowDone.status).toBe(200);
    expect(slowDone.ms).toBeGreaterThanOrEqual(1400);
    expect(fastMs).toBeLessThan(1000);
  });

  it('refuses an invalid configuration before listening', async () => {
    await expect(startMultiOrgEmulator({ organizations: [{ id: 'nope' }] })).rejects.toThrow(/organizations\[0\] \(nope\)\.id/);
  });
});
