/**
 * `npm run bench:emulator`: seeds N users (default 100,000) in an emulator process and pages
 * through all of them with the bridge's JumpCloud client (limit 100, sort _id), then reports the
 * time, the per-page latency and the emulator's peak memory.  Usage: [--users N]
 */
import { join } from 'node:path';
import { JumpCloudClient } from '../src/jumpcloud/jumpcloud-client';
import { startChildEmulator } from './support/child-emulator';
import { mib, msSince, summarize } from './support/stats';

interface EmulatorStats {
  users: number;
  events: number;
  maxRssBytes: number;
  memory: { heapUsed: number; rss: number };
}

function usersArgument(): number {
  const index = process.argv.indexOf('--users');
  const value = index >= 0 ? Number(process.argv[index + 1]) : 100_000;
  if (!Number.isInteger(value) || value <= 0) throw new Error('--users takes a positive whole number');
  return value;
}

async function main(): Promise<void> {
  const userCount = usersArgument();
  const emulator = await startChildEmulator(join(__dirname, '..'));
  try {
    const before = await emulator.control<EmulatorStats>('GET', '/stats');
    const seedStart = process.hrtime.bigint();
    await emulator.control('POST', '/seed', { generate: { users: userCount, usernamePrefix: 'bench' } });
    const seedMs = msSince(seedStart);
    await emulator.control('DELETE', '/requests');

    const client = new JumpCloudClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    const pageMs: number[] = [];
    const seen = new Set<string>();
    const pagingStart = process.hrtime.bigint();
    for (let skip = 0; ; skip += 100) {
      const started = process.hrtime.bigint();
      const page = await client.users.listPage({ limit: 100, skip, sort: ['_id'] });
      pageMs.push(msSince(started));
      for (const user of page.results) seen.add(user._id);
      if (page.results.length < 100) break;
    }
    const pagingMs = msSince(pagingStart);
    const after = await emulator.control<EmulatorStats>('GET', '/stats');
    const requests = await emulator.control<unknown[]>('GET', '/requests');
    if (seen.size !== userCount) throw new Error(`paged ${seen.size} distinct users, expected ${userCount}`);

    const latency = summarize(pageMs);
    console.log(`bench:emulator  ${userCount.toLocaleString('en')} users, client pages of 100 sorted by _id`);
    console.log(`  seed (POST /__emulator/seed generate)  ${(seedMs / 1000).toFixed(2)} s`);
    console.log(`  page through all users                 ${(pagingMs / 1000).toFixed(2)} s, ${requests.length} JumpCloud requests, ${Math.round(userCount / (pagingMs / 1000)).toLocaleString('en')} users/s`);
    console.log(`  per page latency                       p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, max ${latency.max.toFixed(2)} ms`);
    console.log(`  emulator memory                        peak RSS ${mib(after.maxRssBytes)} (idle ${mib(before.maxRssBytes)}), heap used ${mib(after.memory.heapUsed)}, ${after.events.toLocaleString('en')} DI events held`);
  } finally {
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
