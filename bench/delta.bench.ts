/**
 * `npm run bench` (delta part): SailPoint's delta aggregation (`GET /Users?filter=meta.lastModified
 * gt "<time>"`) over a 100,000-user directory in which 100 users changed (PATCHed through the
 * bridge, which records their change times in the state store: SQLite, as deployed). Prints time
 * and JumpCloud requests per scenario, beside the full scan the same question cost before.
 * The emulator runs in its own process. Usage: [--users N] [--changed N]
 */
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config';
import { buildScimRouter } from '../src/composition/scim-service';
import { JumpCloudClient } from '../src/jumpcloud';
import { IN_MEMORY, openBridgeDatabase } from '../src/state/sqlite-database';
import { SqliteStateStore } from '../src/state/sqlite-state-store';
import { startChildEmulator } from './support/child-emulator';
import { numberArgument as argument, startInProcessBridge } from './support/in-process-bridge';
import { msSince } from './support/stats';

const TOKEN = 'bench-scim-token-0123456789';


interface Row {
  scenario: string;
  ms: number;
  requests: number;
  totalResults: number;
}

async function main(): Promise<void> {
  const userCount = argument('users', 100_000);
  const changedCount = argument('changed', 100);
  if (changedCount > userCount) throw new Error('--changed cannot exceed --users');
  const emulator = await startChildEmulator(join(__dirname, '..'));
  const db = openBridgeDatabase(IN_MEMORY);
  const config = loadConfig({ SCIM_BEARER_TOKEN: TOKEN, LOG_LEVEL: 'warn', SCIM_MAX_PAGE_SIZE: '1000' });
  const jumpcloud = new JumpCloudClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, concurrency: config.jumpcloud.concurrency });
  const router = buildScimRouter(config, { jumpcloud, state: new SqliteStateStore(db), scimTokens: [TOKEN] });
  const bridge = await startInProcessBridge(router, config.scimBasePath, TOKEN);
  const scim = bridge.scim;
  const jumpcloudRequests = async (): Promise<number> => (await emulator.control<unknown[]>('GET', '/requests')).length;

  /** One list request, timed, with the JumpCloud requests it made. */
  const measure = async (scenario: string, query: Record<string, string>): Promise<Row> => {
    await emulator.control('DELETE', '/requests');
    const start = process.hrtime.bigint();
    const res = await scim(`/Users?${new URLSearchParams(query).toString()}`);
    const body = (await res.json()) as { totalResults?: number };
    const ms = msSince(start);
    if (res.status !== 200) throw new Error(`${scenario}: ${res.status} ${JSON.stringify(body)}`);
    return { scenario, ms, requests: await jumpcloudRequests(), totalResults: body.totalResults ?? -1 };
  };

  try {
    const seedStart = process.hrtime.bigint();
    await emulator.control('POST', '/seed', { generate: { users: userCount } });
    const seedSeconds = msSince(seedStart) / 1000;
    // Changed users spread over the whole directory (one every users/changed ids).
    const stride = Math.floor(userCount / changedCount);
    const ids: string[] = [];
    for (let n = 0; n < changedCount; n += 1) {
      const page = (await (await fetch(`${emulator.url}/api/systemusers?limit=1&skip=${n * stride}&sort=_id&fields=_id`, { headers: { 'x-api-key': emulator.apiKey } })).json()) as { results: { _id: string }[] };
      const id = page.results[0]?._id;
      if (id) ids.push(id);
    }
    // The bound is the next whole second: every form SailPoint writes it in is the same instant.
    const next = Math.floor(Date.now() / 1000) * 1000 + 1000;
    await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 2));
    const since = new Date(next).toISOString();

    const patchStart = process.hrtime.bigint();
    for (const id of ids) {
      const res = await scim(`/Users/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'Changed for the delta bench' }] }),
      });
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${await res.text()}`);
    }
    const patchMs = msSince(patchStart);

    const delta = `meta.lastModified gt "${since}"`;
    const rows: Row[] = [
      await measure(`delta: ${delta.replace(since, '<t>')}`, { filter: delta, count: '1000' }),
      await measure('delta, SailPoint form without zone or ms', { filter: `meta.lastModified gt "${since.slice(0, 19)}"`, count: '1000' }),
      await measure('delta and-ed with an admin filter (userName sw "user0")', { filter: `${delta} and userName sw "user0"`, count: '1000' }),
      await measure('delta, page 2 of 50 (startIndex=51&count=50)', { filter: delta, startIndex: '51', count: '50' }),
      await measure('delta, excludedAttributes=groups', { filter: delta, count: '1000', excludedAttributes: 'groups' }),
      await measure('same question without a usable bound: not (meta.lastModified le <t>) (full scan)', { filter: `not (meta.lastModified le "${since}")`, count: '1000' }),
    ];

    console.log(`bench delta: ${userCount.toLocaleString('en')} users seeded in ${seedSeconds.toFixed(1)} s; ${ids.length} PATCHed through the bridge in ${(patchMs / 1000).toFixed(2)} s (state store: SQLite)`);
    console.log('| scenario | time | JumpCloud requests | totalResults |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const row of rows) console.log(`| ${row.scenario} | ${row.ms.toFixed(0)} ms | ${row.requests} | ${row.totalResults} |`);
  } finally {
    bridge.close();
    db.close();
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
