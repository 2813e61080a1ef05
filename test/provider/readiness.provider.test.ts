import { startEmulator } from '../../emulator/server';
import { JumpCloudClient } from '../../src/jumpcloud/jumpcloud-client';
import { createReadinessProbe } from '../../src/provider/readiness.provider';

describe('readiness probe (against the emulator)', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: 'probe-key-123456' } });
  });
  afterAll(() => emulator.close());

  it('is ready when JumpCloud accepts the key', async () => {
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'probe-key-123456' }));
    expect(await probe()).toEqual({ ready: true, checks: { jumpcloud: { ok: true, detail: 'JumpCloud accepted the API key' } } });
  });

  it('is not ready, with a hint and no JumpCloud text, when the key is rejected', async () => {
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'wrong-key' }));
    const report = await probe();
    expect(report.ready).toBe(false);
    expect(report.checks.jumpcloud?.detail).toBe('JumpCloud rejected the API key (HTTP 401): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID');
  });

  it('is not ready when JumpCloud cannot be reached', async () => {
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retry: { maxAttempts: 1 } }));
    const report = await probe();
    expect(report.ready).toBe(false);
    expect(report.checks.jumpcloud?.detail).toMatch(/^JumpCloud is unreachable \(/);
  });

  it('caches the verdict so frequent probes cost one JumpCloud call', async () => {
    let clock = 0;
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'probe-key-123456' }), { cacheMs: 5000, now: () => clock });
    const before = emulator.ctx.requests.count();
    await probe();
    await probe();
    clock = 4999;
    await probe();
    expect(emulator.ctx.requests.count() - before).toBe(1);
    clock = 5000;
    await probe();
    expect(emulator.ctx.requests.count() - before).toBe(2);
  });
});
