/**
 * `npm run bench`: the bridge against calling the emulator directly, in one run, for the calls
 * SCIM clients make most: GET one user, a page of 100, an existence-check filter, create, PATCH.
 * Each scenario runs N requests with C in flight, against a bridge process in front of an
 * emulator process. Prints requests per second, p50/p99 latency and the bridge/direct ratio.
 * The bridge runs twice side by side, with METRICS_ENABLED=true and =false, so the cost of the
 * metrics shows in the same run (`--metrics on|off` runs one bridge only); the time to scrape
 * /metrics after the load is printed too.
 * Usage: [--users N] [--requests N] [--concurrency C] [--metrics both|on|off]
 */
import { join } from 'node:path';
import { startChildBridge } from './support/child-bridge';
import { startChildEmulator } from './support/child-emulator';
import { runLoad, type LoadResult } from './support/load';
import { numberArgument as argument } from './support/in-process-bridge';


/** A SCIM call to one of the bridges. */
type ScimCall = (path: string, init?: RequestInit) => Promise<Response>;

interface Scenario {
  name: string;
  requests: number;
  /** `tag` keeps the names each bridge creates apart. */
  bridge: (scim: ScimCall, tag: string, i: number) => Promise<Response>;
  direct: (i: number) => Promise<Response>;
}

/** Which bridges to run: with metrics, without, or both (the default, to show the metrics' cost). */
function metricsModes(): { label: string; enabled: boolean }[] {
  const index = process.argv.indexOf('--metrics');
  const mode = index >= 0 ? process.argv[index + 1] : 'both';
  if (mode !== 'both' && mode !== 'on' && mode !== 'off') throw new Error('--metrics takes both, on or off');
  return [
    ...(mode !== 'off' ? [{ label: 'bridge (metrics on)', enabled: true }] : []),
    ...(mode !== 'on' ? [{ label: 'bridge (metrics off)', enabled: false }] : []),
  ];
}

/** Mean and worst time of `times` scrapes of /metrics, and its size. */
async function scrapeCost(origin: string, times: number): Promise<{ meanMs: number; maxMs: number; bytes: number }> {
  let total = 0;
  let max = 0;
  let bytes = 0;
  for (let i = 0; i < times; i += 1) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${origin}/metrics`);
    bytes = (await res.arrayBuffer()).byteLength;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    total += ms;
    max = Math.max(max, ms);
  }
  return { meanMs: total / times, maxMs: max, bytes };
}

function row(name: string, target: string, r: LoadResult): string {
  return `| ${name} | ${target} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`;
}

async function main(): Promise<void> {
  const userCount = argument('users', 10_000);
  const reads = argument('requests', 2000);
  const concurrency = argument('concurrency', 8);
  const writes = Math.max(50, Math.floor(reads / 4));
  const dist = join(__dirname, '..');
  const emulator = await startChildEmulator(dist);
  const modes = metricsModes();
  const bridges = await Promise.all(
    modes.map(async (mode) => ({
      ...mode,
      child: await startChildBridge(dist, { JUMPCLOUD_API_KEY: emulator.apiKey, JUMPCLOUD_BASE_URL: emulator.url, METRICS_ENABLED: String(mode.enabled) }),
    })),
  );
  try {
    await emulator.control('POST', '/seed', { generate: { users: userCount, usernamePrefix: 'bench' } });
    const width = Math.max(String(userCount).length, 6);
    const username = (i: number): string => `bench${String((i % userCount) + 1).padStart(width, '0')}`;
    const idsPage = (await (await fetch(`${emulator.url}/api/systemusers?limit=100&sort=_id&fields=_id`, { headers: { 'x-api-key': emulator.apiKey } })).json()) as {
      results: { _id: string }[];
    };
    const ids = idsPage.results.map((u) => u._id);
    const id = (i: number): string => ids[i % ids.length] as string;

    const scimOf =
      (bridge: (typeof bridges)[number]['child']): ScimCall =>
      (path, init = {}) =>
        fetch(`${bridge.scimBaseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/scim+json', ...init.headers } });
    const jc = (path: string, init: RequestInit = {}): Promise<Response> =>
      fetch(`${emulator.url}/api${path}`, { ...init, headers: { 'x-api-key': emulator.apiKey, 'content-type': 'application/json', ...init.headers } });
    const run = Date.now().toString(36);

    const scenarios: Scenario[] = [
      { name: 'GET one user', requests: reads, bridge: (scim, _tag, i) => scim(`/Users/${id(i)}`), direct: (i) => jc(`/systemusers/${id(i)}`) },
      {
        name: 'page of 100',
        requests: Math.max(100, Math.floor(reads / 4)),
        bridge: (scim, _tag, i) => scim(`/Users?startIndex=${((i * 100) % userCount) + 1}&count=100`),
        direct: (i) => jc(`/systemusers?limit=100&skip=${(i * 100) % userCount}&sort=_id`),
      },
      {
        name: 'existence check (userName eq)',
        requests: reads,
        bridge: (scim, _tag, i) => scim(`/Users?filter=${encodeURIComponent(`userName eq "${username(i)}"`)}`),
        direct: (i) => jc(`/systemusers?filter=${encodeURIComponent(`username:$eq:${username(i)}`)}`),
      },
      {
        name: 'create',
        requests: writes,
        bridge: (scim, tag, i) =>
          scim('/Users', {
            method: 'POST',
            body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `b${tag}${run}${i}@example.com`, emails: [{ value: `b${tag}${run}${i}@example.com`, type: 'work', primary: true }], name: { givenName: 'B', familyName: `${i}` } }),
          }),
        direct: (i) => jc('/systemusers', { method: 'POST', body: JSON.stringify({ username: `d${run}${i}`, email: `d${run}${i}@example.com`, firstname: 'D', lastname: `${i}` }) }),
      },
      {
        name: 'PATCH (replace title)',
        requests: writes,
        bridge: (scim, _tag, i) =>
          scim(`/Users/${id(i)}`, { method: 'PATCH', body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: `Title ${i}` }] }) }),
        direct: (i) => jc(`/systemusers/${id(i)}`, { method: 'PUT', body: JSON.stringify({ jobTitle: `Direct ${i}` }) }),
      },
    ];

    console.log(`bench: bridge vs JumpCloud emulator directly; ${userCount.toLocaleString('en')} users, ${concurrency} requests in flight`);
    console.log('| scenario | target | req/s | p50 ms | p99 ms | errors |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    const ratios: string[] = [];
    for (const scenario of scenarios) {
      // A short warm-up so JIT and connection set-up do not land in the first figures.
      await runLoad(Math.min(50, scenario.requests), concurrency, scenario.direct, 1_000_000);
      for (const [n, bridge] of bridges.entries()) {
        await runLoad(Math.min(50, scenario.requests), concurrency, (i) => scenario.bridge(scimOf(bridge.child), `w${n}`, i), 1_000_000);
      }
      const direct = await runLoad(scenario.requests, concurrency, scenario.direct);
      console.log(row(scenario.name, 'direct', direct));
      const measured: { label: string; result: LoadResult }[] = [];
      for (const [n, bridge] of bridges.entries()) {
        const result = await runLoad(scenario.requests, concurrency, (i) => scenario.bridge(scimOf(bridge.child), `m${n}`, i));
        console.log(row(scenario.name, bridge.label, result));
        measured.push({ label: bridge.label, result });
        ratios.push(`${scenario.name}: ${bridge.label}/direct throughput ${(result.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}, p50 latency x${(result.p50 / direct.p50).toFixed(2)}`);
      }
      const [on, off] = measured;
      if (on && off) {
        ratios.push(`${scenario.name}: metrics cost ${(100 * (1 - on.result.requestsPerSecond / off.result.requestsPerSecond)).toFixed(1)}% throughput, p50 ${(on.result.p50 - off.result.p50).toFixed(2)} ms`);
      }
    }
    console.log('');
    for (const line of ratios) console.log(line);
    const withMetrics = bridges.find((bridge) => bridge.enabled);
    if (withMetrics) {
      const cost = await scrapeCost(new URL(withMetrics.child.scimBaseUrl).origin, 20);
      console.log(`GET /metrics after the load: ${cost.bytes.toLocaleString('en')} bytes, mean ${cost.meanMs.toFixed(2)} ms, max ${cost.maxMs.toFixed(2)} ms (20 scrapes)`);
    }
  } finally {
    for (const bridge of bridges) await bridge.child.stop();
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
