/**
 * `npm run bench`: the CPU-per-request bench (cpu.bench, issue 13) with the command line's
 * arguments, then the other benches with their defaults, each in its own process, one after
 * another (they would skew each other's figures side by side). With `--scenario NAME`, only the
 * CPU bench's scenario runs. Usage: [--scenario NAME] [--json FILE] [--users N] [--requests N]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const OTHER_BENCHES = ['bridge.bench.js', 'groups.bench.js', 'journal.bench.js', 'delta.bench.js', 'changefeed.bench.js', 'tenants.bench.js'];

/** Runs one compiled bench of this folder; exits with its status if it failed. */
function run(file: string, args: string[]): void {
  const result = spawnSync(process.execPath, [join(__dirname, file), ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const args = process.argv.slice(2);
run('cpu.bench.js', args);
if (!args.includes('--scenario')) {
  for (const file of OTHER_BENCHES) {
    console.log('');
    run(file, []);
  }
}
