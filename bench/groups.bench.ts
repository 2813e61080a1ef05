/**
 * `npm run bench` (groups part): a membership PATCH adding 1,000 members (time, JumpCloud
 * requests, concurrency used) and a paged read of a 100,000-member group (time, the bridge's peak
 * memory). The emulator runs in its own process; the bridge runs in this one so its membership
 * report and memory can be read directly. Usage: [--members N] [--add N]
 */
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config';
import { buildScimRouter } from '../src/composition/scim-service';
import { JumpCloudClient } from '../src/jumpcloud';
import type { MembershipWriteReport } from '../src/provider/membership-writer';
import { MemoryStateStore } from '../src/state/memory-state-store';
import { startChildEmulator } from './support/child-emulator';
import { numberArgument as argument, startInProcessBridge } from './support/in-process-bridge';
import { mib, msSince } from './support/stats';

const TOKEN = 'bench-scim-token-0123456789';


async function main(): Promise<void> {
  const memberCount = argument('members', 100_000);
  const addCount = argument('add', 1000);
  const emulator = await startChildEmulator(join(__dirname, '..'));
  const reports: MembershipWriteReport[] = [];
  const config = loadConfig({ SCIM_BEARER_TOKEN: TOKEN, LOG_LEVEL: 'warn' });
  const jumpcloud = new JumpCloudClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, concurrency: config.jumpcloud.concurrency });
  const router = buildScimRouter(config, { jumpcloud, state: new MemoryStateStore(), scimTokens: [TOKEN], onMembershipWrite: (r) => reports.push(r) });
  const bridge = await startInProcessBridge(router, config.scimBasePath, TOKEN);
  const scim = bridge.scim;

  try {
    const width = Math.max(String(memberCount).length, 6);
    const usernames = Array.from({ length: memberCount }, (_, i) => `member${String(i + 1).padStart(width, '0')}`);
    const seedStart = process.hrtime.bigint();
    await emulator.control('POST', '/seed', { generate: { users: memberCount, usernamePrefix: 'member' }, groups: [{ name: 'Everyone big', members: usernames }] });
    const seedSeconds = msSince(seedStart) / 1000;
    const ids: string[] = [];
    for (let skip = 0; ids.length < addCount; skip += 100) {
      const page = (await (await fetch(`${emulator.url}/api/systemusers?limit=100&skip=${skip}&sort=_id&fields=_id`, { headers: { 'x-api-key': emulator.apiKey } })).json()) as { results: { _id: string }[] };
      ids.push(...page.results.map((u) => u._id));
    }

    // 1) PATCH adding 1,000 members to a new group.
    const created = (await (await scim('/Groups', { method: 'POST', body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Bench entitlement' }) })).json()) as { id: string };
    await emulator.control('DELETE', '/requests');
    const patchStart = process.hrtime.bigint();
    const patched = await scim(`/Groups/${created.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: ids.slice(0, addCount).map((value) => ({ value })) }] }),
    });
    const patchMs = msSince(patchStart);
    if (patched.status !== 204) throw new Error(`PATCH answered ${patched.status}: ${await patched.text()}`);
    const requests = await emulator.control<{ method: string; path: string }[]>('GET', '/requests');
    const memberOps = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/members')).length;
    const report = reports[reports.length - 1];

    // 2) GET a 100,000-member group, members streamed page by page.
    const big = (await (await scim(`/Groups?filter=${encodeURIComponent('displayName eq "Everyone big"')}&excludedAttributes=members`)).json()) as { Resources: { id: string }[] };
    const bigId = big.Resources[0]?.id as string;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    await emulator.control('DELETE', '/requests');
    const readStart = process.hrtime.bigint();
    const res = await scim(`/Groups/${bigId}`);
    let bytes = 0;
    let memberValues = 0;
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      memberValues += (decoder.decode(chunk, { stream: true }).match(/"value":/g) ?? []).length;
    }
    const readMs = msSince(readStart);
    clearInterval(sampler);
    const readRequests = (await emulator.control<unknown[]>('GET', '/requests')).length;
    const emulatorStats = await emulator.control<{ maxRssBytes: number }>('GET', '/stats');

    console.log(`bench groups: ${memberCount.toLocaleString('en')} users seeded in ${seedSeconds.toFixed(1)} s`);
    console.log(`| scenario | time | JumpCloud requests | notes |`);
    console.log(`| --- | ---: | ---: | --- |`);
    console.log(
      `| PATCH add ${addCount} members | ${(patchMs / 1000).toFixed(2)} s | ${requests.length} (${memberOps} member ops) | concurrency limit ${report?.concurrencyLimit}, peak in flight ${report?.peakConcurrency}, ${(addCount / (patchMs / 1000)).toFixed(0)} members/s |`,
    );
    console.log(
      `| GET group of ${memberCount.toLocaleString('en')} members | ${(readMs / 1000).toFixed(2)} s | ${readRequests} | status ${res.status}, ${memberValues.toLocaleString('en')} member values, ${mib(bytes)} streamed; bridge RSS ${mib(rssBefore)} -> peak ${mib(peakRss)} (+${mib(peakRss - rssBefore)}); emulator peak RSS ${mib(emulatorStats.maxRssBytes)} |`,
    );
  } finally {
    bridge.close();
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
