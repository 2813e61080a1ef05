// `npm run fuzz -- [--requests N] [--seed S]`: the long fuzz run; prints the report, exits 1 on a finding.
import { runFuzz } from './run-fuzz';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} needs a non-negative integer`);
  return value;
}

const requests = flag('requests', 100_000);
const seed = flag('seed', 20261203);
const startedAt = Date.now();
runFuzz({
  seed,
  requests,
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
