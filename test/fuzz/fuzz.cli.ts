// `npm run fuzz -- [--requests N] [--seed S] [--health max|p99]`: the long fuzz run; prints the
// report, exits 1 on a finding. `--health p99` judges /healthz by its 99th percentile (busy machine);
// `--lag-per-request` reads the bridge's event-loop lag after every request (slower; names the laggiest).
// FUZZ_NODE_ARGS passes node flags to the bridge process (e.g. `--cpu-prof --cpu-prof-dir=DIR`, which
// needs the graceful SIGTERM stop the target then uses, or `--trace-gc`, whose lines go to stderr).
import { runFuzz } from './run-fuzz';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} needs a non-negative integer`);
  return value;
}

const requests = flag('requests', 100_000);
const seed = flag('seed', 20261203);
const healthBound = process.argv.includes('--health') && process.argv[process.argv.indexOf('--health') + 1] === 'p99' ? 'p99' : 'max';
const startedAt = Date.now();
runFuzz({
  seed,
  requests,
  healthBound,
  lagPerRequest: process.argv.includes('--lag-per-request'),
  onBatch: (done, findings) => {
    if (done % 5_000 === 0) process.stderr.write(`${done} requests, ${findings} findings, ${Math.round((Date.now() - startedAt) / 1000)} s\n`);
  },
}).then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exitCode = report.findings.length === 0 ? 0 : 1;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
