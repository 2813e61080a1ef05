/**
 * `npm run bench` (CPU part, issue 13): CPU time per request of the bridge process against a raw
 * keep-alive proxy's, in one run. Three processes besides this one: the emulator (JumpCloud), the
 * bridge in front of it, and the raw proxy in front of it (`support/raw-proxy.ts`). For each
 * scenario, the proxy side sends the same JumpCloud call(s) the bridge makes for the SCIM request;
 * each server's CPU (utime + stime from /proc/<pid>/stat) over its run is divided by the requests
 * it served. Then a full aggregation: every seeded user through SCIM pages of 100, against paging
 * the emulator through the proxy, with the bridge's peak RSS (VmHWM). A second yardstick, the
 * stack floor (`support/stack-floor.ts`: express and the bridge's JumpCloud client with nothing
 * between), shows what the bridge's framework and client alone cost for a GET.
 * Usage: [--scenario NAME] [--json FILE] [--users N] [--requests N] [--rounds N]
 *   --scenario: get-user, get-user-groups, patch-title, page-100, post-user or aggregation
 *   --requests: reads per scenario (default 4000); writes are a quarter, pages an eighth
 *   --rounds: measured rounds per scenario (default 3), the sides taking turns within each round;
 *     each side's figures are those of its median round (a shared, noisy machine moves single runs)
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startChildBridge, type ChildBridge } from './support/child-bridge';
import { startChildEmulator, type ChildEmulator } from './support/child-emulator';
import { startChildProxy, startChildStackFloor, type ChildProxy } from './support/child-proxy';
import { aggregationPage, cpuScenarios, type CpuScenario, type HttpCall } from './support/cpu-scenarios';
import { aggregationGoalMet, aggregationLine, floorLines, markdownTable, proxyTable, type AggregationResult, type ScenarioResult, type SideResult } from './support/cpu-report';
import { numberArgument as argument } from './support/in-process-bridge';
import { runLoad } from './support/load';
import { CLOCK_TICKS_PER_SECOND, cpuMs, memoryBytes } from './support/proc-stat';
import { msSince } from './support/stats';

const SCENARIO_NAMES = ['get-user', 'get-user-groups', 'patch-title', 'page-100', 'post-user', 'aggregation'] as const;
const GROUPS = 20;
/** Users read and patched by the scenarios: each is in two of the seeded groups. */
const MEMBER_USERS = 1000;
const WARM_UP = 200;
const FIRST_PASS = 1000;

/** `--name VALUE` from the command line, or undefined. */
function stringArgument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} takes a value`);
  return value;
}

/** Requests the emulator has received so far (its request log, control routes left out). */
async function jumpcloudRequestCount(emulator: ChildEmulator): Promise<number> {
  return (await emulator.control<{ requests: number }>('GET', '/stats')).requests;
}

/** Runs one side: warm-up, then the measured load with the server's CPU and the JumpCloud calls counted. */
async function measureSide(serverPid: number, emulator: ChildEmulator, scenario: CpuScenario, call: (i: number) => Promise<Response>, round: number): Promise<SideResult> {
  // Each round its own indexes (10,000,000 apart): a create never repeats an earlier round's userName.
  const base = (round + 1) * 10_000_000;
  await runLoad(Math.min(WARM_UP, scenario.requests), scenario.concurrency, call, base + 1_000_000);
  const callsBefore = await jumpcloudRequestCount(emulator);
  const cpuBefore = cpuMs(serverPid);
  const load = await runLoad(scenario.requests, scenario.concurrency, call, base);
  const cpu = cpuMs(serverPid) - cpuBefore;
  const calls = (await jumpcloudRequestCount(emulator)) - callsBefore;
  return { ...load, cpuMs: cpu, cpuMsPerRequest: cpu / scenario.requests, jumpcloudCallsPerRequest: calls / scenario.requests };
}

/** The round whose CPU per request is the median of the side's rounds (the lower middle one for an even count). */
function medianRound(sides: SideResult[]): SideResult {
  const sorted = [...sides].sort((a, b) => a.cpuMsPerRequest - b.cpuMsPerRequest);
  return sorted[Math.floor((sorted.length - 1) / 2)] as SideResult;
}

/** Pages through `pages` pages of 100 one after another (as one aggregating client does); wall time and CPU. */
async function pageThrough(pages: number, serverPid: number, page: (n: number) => Promise<Response>): Promise<{ seconds: number; cpuMs: number; errors: number }> {
  const cpuBefore = cpuMs(serverPid);
  const started = process.hrtime.bigint();
  let errors = 0;
  for (let n = 0; n < pages; n += 1) {
    const answer = await page(n);
    await answer.arrayBuffer();
    if (!answer.ok) errors += 1;
  }
  return { seconds: msSince(started) / 1000, cpuMs: cpuMs(serverPid) - cpuBefore, errors };
}

/** Seeds `userCount` users and GROUPS groups; answers the ids of the first MEMBER_USERS users, each in two groups. */
async function seed(emulator: ChildEmulator, userCount: number): Promise<string[]> {
  const width = Math.max(String(userCount).length, 6);
  const members = Math.min(MEMBER_USERS, userCount);
  const username = (i: number): string => `bench${String(i + 1).padStart(width, '0')}`;
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    name: `Bench group ${g}`,
    members: Array.from({ length: members }, (_, i) => i).filter((i) => i % GROUPS === g || (i + 1) % GROUPS === g).map(username),
  }));
  await emulator.control('POST', '/seed', { generate: { users: userCount, usernamePrefix: 'bench' }, groups });
  const ids: string[] = [];
  for (let skip = 0; ids.length < members; skip += 100) {
    const page = (await (await fetch(`${emulator.url}/api/systemusers?limit=100&skip=${skip}&sort=_id&fields=_id`, { headers: { 'x-api-key': emulator.apiKey } })).json()) as { results: { _id: string }[] };
    ids.push(...page.results.map((u) => u._id));
  }
  return ids.slice(0, members);
}

async function main(): Promise<void> {
  const only = stringArgument('scenario');
  if (only !== undefined && !(SCENARIO_NAMES as readonly string[]).includes(only)) throw new Error(`--scenario takes one of ${SCENARIO_NAMES.join(', ')}`);
  const jsonFile = stringArgument('json');
  const userCount = argument('users', 100_000);
  const reads = argument('requests', 4000);
  const rounds = argument('rounds', 3);
  const dist = join(__dirname, '..');
  const load = { before: loadavg(), cpus: cpus().length };

  const emulator = await startChildEmulator(dist);
  let proxy: ChildProxy | undefined;
  let floor: ChildProxy | undefined;
  let bridge: ChildBridge | undefined;
  try {
    proxy = await startChildProxy(dist, emulator.url);
    floor = await startChildStackFloor(dist, emulator.url, emulator.apiKey);
    // The change feed is off so that its background polling does not land in the per-request figures.
    const bridgeEnvironment = { JUMPCLOUD_API_KEY: emulator.apiKey, JUMPCLOUD_BASE_URL: emulator.url, CHANGEFEED_MODE: 'off' };
    bridge = await startChildBridge(dist, bridgeEnvironment);
    let bridgeRssAtStart = memoryBytes(bridge.pid, 'VmRSS');
    const seedStarted = process.hrtime.bigint();
    const userIds = await seed(emulator, userCount);
    console.log(`cpu bench: ${userCount.toLocaleString('en')} users and ${GROUPS} groups seeded in ${(msSince(seedStarted) / 1000).toFixed(1)} s; ${load.cpus} CPUs, load average ${load.before.map((l) => l.toFixed(2)).join(' ')}; CPU clock tick ${1000 / CLOCK_TICKS_PER_SECOND} ms`);

    const scimOf =
      (child: ChildBridge): HttpCall =>
      (path, init = {}) =>
        fetch(`${child.scimBaseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${child.token}`, 'content-type': 'application/scim+json', ...init.headers } });
    const scim = scimOf(bridge);
    const proxyUrl = proxy.url;
    const jumpcloud: HttpCall = (path, init = {}) => fetch(`${proxyUrl}/api${path}`, { ...init, headers: { 'x-api-key': emulator.apiKey, 'content-type': 'application/json', ...init.headers } });
    const floorUrl = floor.url;
    const floorCall: HttpCall = (path, init = {}) => fetch(`${floorUrl}${path}`, init);
    const runTag = Date.now().toString(36);
    const context = { scim, jumpcloud, floor: floorCall, userIds, userCount, reads, writes: Math.max(100, Math.floor(reads / 4)), pages: Math.max(100, Math.floor(reads / 8)), runTag };

    const idleCpuBefore = cpuMs(bridge.pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`bridge CPU while idle: ${((cpuMs(bridge.pid) - idleCpuBefore) / 2).toFixed(1)} ms a second`);

    const scenarios = cpuScenarios(context).filter((s) => only === undefined || s.name === only);
    // A pass over every scenario before any is measured: the first one measured would otherwise
    // carry most of the bridge's JIT compilation (2.0 against 1.4 ms a GET in a trial here).
    for (const scenario of scenarios) {
      await runLoad(Math.min(FIRST_PASS, scenario.requests), scenario.concurrency, scenario.proxy, 2_000_000);
      await runLoad(Math.min(FIRST_PASS, scenario.requests), scenario.concurrency, scenario.bridge, 2_000_000);
      if (scenario.floor) await runLoad(Math.min(FIRST_PASS, scenario.requests), scenario.concurrency, scenario.floor, 2_000_000);
    }
    const rows: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const proxyRounds: SideResult[] = [];
      const bridgeRounds: SideResult[] = [];
      const floorRounds: SideResult[] = [];
      for (let round = 0; round < rounds; round += 1) {
        proxyRounds.push(await measureSide(proxy.pid, emulator, scenario, scenario.proxy, round));
        bridgeRounds.push(await measureSide(bridge.pid, emulator, scenario, scenario.bridge, round));
        if (scenario.floor) floorRounds.push(await measureSide(floor.pid, emulator, scenario, scenario.floor, round));
      }
      const proxySide = medianRound(proxyRounds);
      const bridgeSide = medianRound(bridgeRounds);
      const floorSide = floorRounds.length > 0 ? medianRound(floorRounds) : undefined;
      const row: ScenarioResult = {
        name: scenario.name,
        path: scenario.path,
        concurrency: scenario.concurrency,
        bridge: bridgeSide,
        proxy: proxySide,
        ...(floorSide ? { floor: floorSide } : {}),
        ratio: bridgeSide.cpuMsPerRequest / proxySide.cpuMsPerRequest,
        goalMs: scenario.goalMs,
        goalMet: bridgeSide.cpuMsPerRequest <= scenario.goalMs,
        bridgeRssAfterBytes: memoryBytes(bridge.pid, 'VmRSS'),
      };
      rows.push(row);
      const perRound = (sides: SideResult[]): string => sides.map((side) => side.cpuMsPerRequest.toFixed(3)).join(', ');
      console.log(`${scenario.name}: ${rounds} rounds of ${scenario.requests} requests, ${scenario.concurrency} connections; CPU ms/req bridge ${perRound(bridgeRounds)}; proxy ${perRound(proxyRounds)}${floorRounds.length > 0 ? `; floor ${perRound(floorRounds)}` : ''}`);
      if (bridgeSide.errors + proxySide.errors + (floorSide?.errors ?? 0) > 0) {
        console.log(`  WARNING: ${bridgeSide.errors} bridge and ${proxySide.errors} proxy answers were errors in the median round: its figures are not the scenario's`);
      }
      if (Math.abs(bridgeSide.jumpcloudCallsPerRequest - scenario.jumpcloudCalls) > 0.01) {
        console.log(`  note: the bridge made ${bridgeSide.jumpcloudCallsPerRequest.toFixed(2)} JumpCloud calls per request, the proxy side sends ${scenario.jumpcloudCalls}`);
      }
    }

    let aggregation: AggregationResult | undefined;
    if (only === undefined || only === 'aggregation') {
      const pages = Math.ceil(userCount / 100);
      // The aggregation gets a bridge of its own: its peak RSS is then the aggregation's, not the
      // high-water mark the CPU scenarios' 16 connections left behind (each row above shows the
      // resident set after it).
      if (rows.length > 0) {
        await bridge.stop();
        bridge = await startChildBridge(dist, bridgeEnvironment);
        bridgeRssAtStart = memoryBytes(bridge.pid, 'VmRSS');
      }
      const page = aggregationPage({ scim: scimOf(bridge), jumpcloud });
      // A few pages first, so that JIT compilation is not counted when the aggregation runs alone.
      await pageThrough(Math.min(20, pages), proxy.pid, page.proxy);
      await pageThrough(Math.min(20, pages), bridge.pid, page.bridge);
      const rssBefore = memoryBytes(bridge.pid, 'VmRSS');
      const viaProxy = await pageThrough(pages, proxy.pid, page.proxy);
      const viaBridge = await pageThrough(pages, bridge.pid, page.bridge);
      const result = {
        users: userCount,
        pages,
        bridgeSeconds: viaBridge.seconds,
        proxySeconds: viaProxy.seconds,
        wallRatio: viaBridge.seconds / viaProxy.seconds,
        bridgeCpuMsPerPage: viaBridge.cpuMs / pages,
        proxyCpuMsPerPage: viaProxy.cpuMs / pages,
        bridgePeakRssBytes: memoryBytes(bridge.pid, 'VmHWM'),
        bridgeRssBeforeBytes: rssBefore,
        bridgeRssAtStartBytes: bridgeRssAtStart,
        errors: viaBridge.errors + viaProxy.errors,
      };
      aggregation = { ...result, goalMet: aggregationGoalMet(result) };
    }

    const loadAfter = loadavg();
    if (rows.length > 0) {
      console.log('');
      for (const line of markdownTable(rows)) console.log(line);
      console.log('');
      for (const line of proxyTable(rows)) console.log(line);
      console.log('');
      for (const line of floorLines(rows)) console.log(line);
    }
    if (aggregation) console.log(`\n${aggregationLine(aggregation)}`);
    console.log(`\nload average before ${load.before.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    if (jsonFile !== undefined) {
      const report = { date: new Date().toISOString(), cpus: load.cpus, loadAverageBefore: load.before, loadAverageAfter: loadAfter, clockTickMs: 1000 / CLOCK_TICKS_PER_SECOND, users: userCount, scenarios: rows, aggregation };
      writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`written to ${jsonFile}`);
    }
  } finally {
    await bridge?.stop();
    await floor?.stop();
    await proxy?.stop();
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
