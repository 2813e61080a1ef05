import type { LoadResult } from './load';
import { mib } from './stats';

/** One side (bridge or proxy) of a scenario. */
export interface SideResult extends LoadResult {
  /** CPU time (user + system) of the side's server process per request served, in ms. */
  cpuMsPerRequest: number;
  /** CPU time of the run, in ms (a multiple of the clock tick). */
  cpuMs: number;
  /** JumpCloud calls the emulator received per request of this side. */
  jumpcloudCallsPerRequest: number;
}

/** One row of the table. */
export interface ScenarioResult {
  name: string;
  path: string;
  concurrency: number;
  bridge: SideResult;
  proxy: SideResult;
  /** The stack floor's side, for the scenarios it serves. */
  floor?: SideResult;
  /** Bridge CPU per request over the proxy's. */
  ratio: number;
  goalMs: number;
  goalMet: boolean;
  /** Bridge resident set (VmRSS) right after its measured run. */
  bridgeRssAfterBytes: number;
}

/** The full aggregation: the bridge paging SCIM versus paging the emulator through the proxy. */
export interface AggregationResult {
  users: number;
  pages: number;
  bridgeSeconds: number;
  proxySeconds: number;
  /** Bridge wall time over the proxy's; the goal is <= 1.5. */
  wallRatio: number;
  bridgeCpuMsPerPage: number;
  proxyCpuMsPerPage: number;
  /** Bridge peak resident set (VmHWM) after the aggregation: the peak of the whole run so far. */
  bridgePeakRssBytes: number;
  bridgeRssBeforeBytes: number;
  /** Bridge resident set right after it started, before any request. */
  bridgeRssAtStartBytes: number;
  errors: number;
  goalMet: boolean;
}

const AGGREGATION_RSS_GOAL_BYTES = 150 * 1024 * 1024;
const AGGREGATION_WALL_GOAL = 1.5;

/** Whether an aggregation meets the goal (RSS <= 150 MB, wall time <= 1.5x the proxy). */
export function aggregationGoalMet(result: Omit<AggregationResult, 'goalMet'>): boolean {
  return result.bridgePeakRssBytes <= AGGREGATION_RSS_GOAL_BYTES && result.wallRatio <= AGGREGATION_WALL_GOAL;
}

const ms = (value: number, digits = 3): string => value.toFixed(digits);

/** The Markdown table of the issue (bridge figures; the proxy's CPU and the ratio beside them). */
export function markdownTable(rows: ScenarioResult[]): string[] {
  return [
    '| path | req/s | p50 ms | p99 ms | CPU ms/req bridge | CPU ms/req proxy | ratio | goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.path} | ${r.bridge.requestsPerSecond.toFixed(0)} | ${ms(r.bridge.p50, 2)} | ${ms(r.bridge.p99, 2)} | ${ms(r.bridge.cpuMsPerRequest)} | ${ms(r.proxy.cpuMsPerRequest)} | ${r.ratio.toFixed(1)}x | <= ${r.goalMs} ms: ${r.goalMet ? 'met' : 'not met'} |`,
    ),
  ];
}

/** The proxy side of each row, and the JumpCloud calls per request each side caused. */
export function proxyTable(rows: ScenarioResult[]): string[] {
  return [
    '| path | proxy req/s | proxy p50 ms | proxy p99 ms | JumpCloud calls/req bridge | proxy | errors bridge/proxy | bridge RSS after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.path} | ${r.proxy.requestsPerSecond.toFixed(0)} | ${ms(r.proxy.p50, 2)} | ${ms(r.proxy.p99, 2)} | ${r.bridge.jumpcloudCallsPerRequest.toFixed(2)} | ${r.proxy.jumpcloudCallsPerRequest.toFixed(2)} | ${r.bridge.errors}/${r.proxy.errors} | ${mib(r.bridgeRssAfterBytes)} |`,
    ),
  ];
}

/** The aggregation line under the table. */
export function aggregationLine(a: AggregationResult): string {
  return (
    `full aggregation of ${a.users.toLocaleString('en')} users through ${a.pages.toLocaleString('en')} SCIM pages of 100 (one connection): ` +
    `bridge ${a.bridgeSeconds.toFixed(1)} s vs paging the emulator through the proxy ${a.proxySeconds.toFixed(1)} s (${a.wallRatio.toFixed(2)}x, goal <= ${AGGREGATION_WALL_GOAL}x); ` +
    `bridge peak RSS (VmHWM of a bridge process started for the aggregation) ${mib(a.bridgePeakRssBytes)} (right after start ${mib(a.bridgeRssAtStartBytes)}, before the aggregation ${mib(a.bridgeRssBeforeBytes)}; goal <= 150 MiB); ` +
    `CPU ms/page bridge ${ms(a.bridgeCpuMsPerPage, 2)}, proxy ${ms(a.proxyCpuMsPerPage, 2)}; errors ${a.errors}: goal ${a.goalMet ? 'met' : 'not met'}`
  );
}

/** The stack floor's line under the table, for the rows it served. */
export function floorLines(rows: ScenarioResult[]): string[] {
  return rows.flatMap((r) =>
    r.floor
      ? [
          `stack floor (express 5 + the bridge's JumpCloud client, nothing between) for ${r.path}: ${ms(r.floor.cpuMsPerRequest)} CPU ms/req = ${(r.floor.cpuMsPerRequest / r.proxy.cpuMsPerRequest).toFixed(1)}x the proxy; ` +
            `the bridge is ${(r.bridge.cpuMsPerRequest / r.floor.cpuMsPerRequest).toFixed(1)}x the floor (${r.floor.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(r.floor.p50, 2)} ms, errors ${r.floor.errors})`,
        ]
      : [],
  );
}
