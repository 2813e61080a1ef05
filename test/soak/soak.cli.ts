// `npm run soak -- --minutes 10 --seed 7`: the long fault soak (issue 12). Prints the report as
// JSON on stdout (progress on stderr) and exits 1 on any finding.
import { parseArgs } from 'node:util';
import { runSoak } from './soak-run';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      clients: { type: 'string', default: '8' },
      'max-users': { type: 'string', default: '2000' },
      'retry-after': { type: 'string', default: '1' },
      'in-process': { type: 'boolean', default: false },
    },
  });
  const number = (name: keyof typeof values): number => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0`);
    return value;
  };
  const minutes = number('minutes');
  process.stderr.write(`soak: ${minutes} min, seed ${number('seed')}, ${number('clients')} clients\n`);
  const run = await runSoak({
    seed: number('seed'),
    durationMs: minutes * 60_000,
    clients: number('clients'),
    maxUsers: number('max-users'),
    retryAfterSeconds: number('retry-after'),
    bridge: values['in-process'] ? 'in-process' : 'child-process',
    progress: (line) => process.stderr.write(`soak: ${line}\n`),
  });
  try {
    process.stdout.write(`${JSON.stringify(run.report, null, 2)}\n`);
    return run.findings.length === 0 ? 0 : 1;
  } finally {
    await run.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
