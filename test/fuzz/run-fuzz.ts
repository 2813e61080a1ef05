import fc from 'fast-check';
import { checkExchange, checkLogLines, describeRequest, type Finding } from './fuzz-properties';
import { fuzzCases } from './fuzz-requests';
import { startFuzzTarget } from './fuzz-target';
import { sendRaw } from './raw-http';

/** What one fuzz run did and found. */
export interface FuzzReport {
  seed: number;
  requests: number;
  seconds: number;
  byFamily: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests answered with a change to JumpCloud (valid writes). */
  jumpcloudChanges: number;
  logLines: number;
  health: { probes: number; maxMs: number; p99Ms: number };
  /** The most CPU the bridge process spent on one request after the warm-up batch (ms, 10 ms resolution). */
  maxRequestCpuMs: number;
  /** The longest event-loop delay the bridge reported in its own metrics after the warm-up batch (ms). */
  maxEventLoopLagMs: number;
  /** With `lagPerRequest`: the requests after which the bridge reported the longest event-loop delay. */
  laggiest: { ms: number; status: number; family: string; request: string }[];
  /** The slowest exchanges (for finding what holds the process when /healthz is slow). */
  slowest: { ms: number; status: number; family: string; request: string }[];
  findings: Finding[];
}

/** The slowest a /healthz probe may answer while the fuzzer runs (the hardening issue's bound). */
export const HEALTH_BOUND_MS = 100;
const BATCH = 250;

/**
 * Runs `requests` generated requests, one at a time, against a fresh bridge process on a fresh
 * emulator, checking every exchange, every log line, the process and /healthz. The traffic is a
 * pure function of `seed` (batch b uses seed + b), so a finding is replayed by the same seed.
 * Stops early once `maxFindings` are found.
 */
export async function runFuzz(options: {
  seed: number;
  requests: number;
  maxFindings?: number;
  /**
   * Which /healthz latency must stay within `HEALTH_BOUND_MS`: every probe (`max`, the long run
   * on a quiet machine), or the 99th percentile (`p99`, inside a busy parallel test suite where
   * the OS may not schedule the process for a while; the per-request CPU bound holds there too).
   */
  healthBound?: 'max' | 'p99';
  /** Diagnosis: read the bridge's event-loop lag after every request, so `laggiest` names the requests that held it. */
  lagPerRequest?: boolean;
  onBatch?: (done: number, findings: number) => void;
}): Promise<FuzzReport> {
  const { seed, requests, maxFindings = 25 } = options;
  const target = await startFuzzTarget();
  const secrets = Object.values(target.secrets);
  const arbitrary = fuzzCases(target.ctx);
  const report: FuzzReport = { seed, requests: 0, seconds: 0, byFamily: {}, byStatus: {}, jumpcloudChanges: 0, logLines: 0, health: { probes: 0, maxMs: 0, p99Ms: 0 }, slowest: [], laggiest: [], maxRequestCpuMs: 0, maxEventLoopLagMs: 0, findings: [] };
  const started = performance.now();
  try {
    for (let batch = 0; report.requests < requests && report.findings.length < maxFindings; batch += 1) {
      const cases = fc.sample(arbitrary, { seed: seed + batch, numRuns: Math.min(BATCH, requests - report.requests) });
      for (const [index, fuzzCase] of cases.entries()) {
        const before = target.mutations();
        const cpuBefore = target.cpuMs();
        const response = await sendRaw(target.port, fuzzCase.request).catch((err: unknown) => ({ status: -1, headers: {}, body: String(err), elapsedMs: 0 }));
        const changed = target.mutations() - before;
        const cpuMs = target.cpuMs() - cpuBefore;
        report.requests += 1;
        report.byFamily[fuzzCase.family] = (report.byFamily[fuzzCase.family] ?? 0) + 1;
        report.byStatus[String(response.status)] = (report.byStatus[String(response.status)] ?? 0) + 1;
        if (changed > 0 && response.status >= 200 && response.status < 300) report.jumpcloudChanges += 1;
        if (options.lagPerRequest) {
          noteSlowest(report.laggiest, { ms: await eventLoopLagMs(target.port, target.secrets.metricsToken), status: response.status, family: fuzzCase.family, request: describeRequest(fuzzCase).slice(0, 300) });
        }
        noteSlowest(report.slowest, { ms: Math.round(response.elapsedMs), status: response.status, family: fuzzCase.family, request: describeRequest(fuzzCase).slice(0, 160) });
        const found =
          response.status === -1
            ? [{ property: 'answers-in-time', detail: response.body, family: fuzzCase.family }]
            : checkExchange(fuzzCase, response, changed, secrets, target.ctx.base);
        // Reported, not judged: a request that fans out to many JumpCloud calls (a group list with
        // members) spends its CPU across many turns of the event loop, which /healthz slips between.
        if (batch > 0) report.maxRequestCpuMs = Math.max(report.maxRequestCpuMs, cpuMs);
        for (const finding of found) report.findings.push({ ...finding, detail: `${finding.detail} [seed ${seed + batch}, case ${index}]` });
      }
      const lines = target.takeLogLines();
      // Diagnosis (FUZZ_NODE_ARGS=--trace-gc …): the bridge's non-JSON output, timed, on stderr.
      if (process.env.FUZZ_NODE_ARGS) for (const line of lines) if (!line.startsWith('{')) process.stderr.write(`${Date.now()} ${line}\n`);
      report.logLines += lines.length;
      report.findings.push(...checkLogLines(lines, secrets));
      const lagMs = await eventLoopLagMs(target.port, target.secrets.metricsToken);
      if (batch > 0) report.maxEventLoopLagMs = Math.max(report.maxEventLoopLagMs, lagMs);
      if (!target.alive()) {
        report.findings.push({ property: 'process-stays-up', detail: `the bridge process exited during batch ${batch} (seed ${seed + batch})` });
        break;
      }
      options.onBatch?.(report.requests, report.findings.length);
    }
    // Let the last log lines arrive before the final scan.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = target.takeLogLines();
    report.logLines += lines.length;
    report.findings.push(...checkLogLines(lines, secrets));
    report.health = healthSummary(await target.healthLatencies());
    if (report.health.probes === 0) report.findings.push({ property: 'healthz', detail: 'no /healthz probe completed' });
    const bounded = options.healthBound === 'p99' ? report.health.p99Ms : report.health.maxMs;
    if (report.health.maxMs < 0 || bounded > HEALTH_BOUND_MS) {
      report.findings.push({ property: 'healthz', detail: `/healthz ${options.healthBound ?? 'max'} latency ${bounded.toFixed(1)} ms (max ${report.health.maxMs}, -1 = a probe failed); bound ${HEALTH_BOUND_MS} ms` });
    }
  } finally {
    report.seconds = Math.round((performance.now() - started) / 100) / 10;
    await target.close();
  }
  return report;
}

function healthSummary(latencies: number[]): FuzzReport['health'] {
  if (latencies.length === 0) return { probes: 0, maxMs: 0, p99Ms: 0 };
  const failed = latencies.some((ms) => ms < 0);
  const sorted = latencies.filter((ms) => ms >= 0).sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { probes: latencies.length, maxMs: failed ? -1 : round(sorted[sorted.length - 1] ?? 0), p99Ms: round(sorted[Math.floor(sorted.length * 0.99)] ?? 0) };
}

/** Keeps the 8 slowest exchanges, slowest first. */
function noteSlowest(slowest: FuzzReport['slowest'], exchange: FuzzReport['slowest'][number]): void {
  if (slowest.length >= 8 && exchange.ms <= (slowest[slowest.length - 1]?.ms ?? 0)) return;
  slowest.push(exchange);
  slowest.sort((a, b) => b.ms - a.ms);
  slowest.length = Math.min(slowest.length, 8);
}

/** The bridge's own `nodejs_eventloop_lag_max_seconds` since the last scrape (prom-client resets it), in ms. */
async function eventLoopLagMs(port: number, metricsToken: string): Promise<number> {
  const answer = await sendRaw(port, { method: 'GET', target: '/metrics', headers: [['Authorization', `Bearer ${metricsToken}`]] }).catch(() => undefined);
  const seconds = /^scim_bridge_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(answer?.body ?? '')?.[1];
  return seconds === undefined ? 0 : Math.round(Number(seconds) * 1000);
}
