/**
 * `npm run bench` (change feed part): what the Directory Insights poller costs per 1,000 events,
 * and the reconciliation scan it falls back to, over the same directory.
 * The emulator runs in its own process: `--users` users are seeded (user_create events), then
 * `--updates` console changes to a mapped attribute are made (user_update events, each one drift).
 * The poller reads them all from a fresh SQLite database (file, WAL), as deployed; then polls again
 * with nothing new (the look-back overlap only). JumpCloud requests are counted by the client.
 * Usage: [--users N] [--updates N] [--page N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChangeFeed } from '../src/changefeed';
import { trackedResources } from '../src/composition/changefeed-service';
import { loadMapping } from '../src/composition/scim-service';
import { JumpCloudClient } from '../src/jumpcloud';
import { SqliteAuditStore } from '../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase } from '../src/state/sqlite-database';
import { SqliteDriftStore } from '../src/state/sqlite-drift-store';
import { SqliteFeedCursorStore } from '../src/state/sqlite-feed-cursor-store';
import { SqliteResourceObservationStore } from '../src/state/sqlite-resource-observation-store';
import { SqliteStateStore } from '../src/state/sqlite-state-store';
import { startChildEmulator } from './support/child-emulator';
import { msSince } from './support/stats';
import { numberArgument as argument } from './support/in-process-bridge';


async function main(): Promise<void> {
  const users = argument('users', 1000);
  const updates = argument('updates', 4000);
  const page = argument('page', 1000);
  const emulator = await startChildEmulator(join(__dirname, '..'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-changefeed-'));
  try {
    await emulator.control('POST', '/seed', { generate: { users, usernamePrefix: 'feed' } });
    const list = await fetch(`${emulator.url}/api/systemusers?limit=100&fields=_id&sort=_id`, { headers: { 'x-api-key': emulator.apiKey } });
    const ids = ((await list.json()) as { results: { _id: string }[] }).results.map((u) => u._id);
    // Console changes, several at a time (each one PUT: a user_update with a mapped field).
    for (let done = 0; done < updates; done += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, updates - done) }, (_, k) => {
          const n = done + k;
          return fetch(`${emulator.url}/__emulator/users/${ids[n % ids.length]}/console`, {
            method: 'PUT',
            headers: { 'x-api-key': emulator.apiKey, 'content-type': 'application/json' },
            body: JSON.stringify({ firstname: `Name${n}` }),
          }).then((res) => {
            if (!res.ok) throw new Error(`console PUT answered ${res.status}`);
          });
        }),
      );
    }

    const db = openBridgeDatabase(join(dir, 'bridge.db'));
    let requests = 0;
    const client = new JumpCloudClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, onCall: () => (requests += 1) });
    const audit = new SqliteAuditStore(db);
    const built = buildChangeFeed(
      {
        jumpcloud: client,
        audit,
        state: new SqliteStateStore(db),
        cursors: new SqliteFeedCursorStore(db),
        observations: new SqliteResourceObservationStore(db),
        drift: new SqliteDriftStore(db),
        tracked: trackedResources(loadMapping({})),
      },
      { mode: 'insights', pollIntervalMs: 60_000, lookbackMs: 3_600_000, scanIntervalMs: 3_600_000, matchWindowMs: 120_000, eventPageSize: page },
    );

    const started = process.hrtime.bigint();
    const first = await built.poller.pollOnce();
    const firstMs = msSince(started);
    const firstRequests = requests;
    const perThousand = (value: number) => (value / first.applied) * 1000;
    console.log(`change feed: ${first.applied} events (${users} user_create, ${updates} console user_update = drift), DI page ${page}`);
    console.log(`  first poll:  ${firstMs.toFixed(0)} ms, ${firstRequests} JumpCloud requests (${first.pages} DI pages)`);
    console.log(`  per 1,000 events: ${perThousand(firstMs).toFixed(1)} ms, ${perThousand(firstRequests).toFixed(2)} JumpCloud requests`);
    console.log(`  drift records: ${built.recorder.counts.drift}, open drift: ${await new SqliteDriftStore(db).count()}`);

    requests = 0;
    const again = process.hrtime.bigint();
    const second = await built.poller.pollOnce();
    console.log(`  second poll (nothing new, ${second.duplicates} overlap events dropped): ${msSince(again).toFixed(0)} ms, ${requests} JumpCloud requests, ${second.applied} applied`);

    requests = 0;
    const scanStarted = process.hrtime.bigint();
    const baseline = await built.scan.scanOnce();
    console.log(`reconciliation scan (fallback) over ${baseline.users} users: ${msSince(scanStarted).toFixed(0)} ms, ${requests} JumpCloud requests (baseline)`);
    requests = 0;
    const rescanStarted = process.hrtime.bigint();
    const rescan = await built.scan.scanOnce();
    console.log(`  rescan: ${msSince(rescanStarted).toFixed(0)} ms, ${requests} JumpCloud requests, ${rescan.changed} changed`);
    db.close();
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
