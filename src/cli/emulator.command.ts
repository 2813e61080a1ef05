import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { startEmulator } from '../../emulator/server';
import { defaultSeedPath, readSeedFile } from '../composition/jumpcloud-target';
import { exitOnSignals } from './signals';

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

/** `emulator`: the JumpCloud emulator alone, for rehearsals and for pointing other tools at. */
export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('run the JumpCloud emulator alone (v1 systemusers, v2 usergroups, Directory Insights)')
    .option('--port <port>', 'port to listen on', portNumber, Number(process.env.EMULATOR_PORT ?? 8089))
    .option('--host <host>', 'interface to bind (127.0.0.1 keeps it private)', '127.0.0.1')
    .option('--seed <file>', 'seed file of users and groups', defaultSeedPath())
    .option('--empty', 'start with no users or groups (ignores --seed)')
    .option('--api-key <key>', 'API key to accept (default: EMULATOR_API_KEY, else generated)')
    .action(async (opts: { port: number; host: string; seed: string; empty?: boolean; apiKey?: string }) => {
      const apiKey = opts.apiKey ?? process.env.EMULATOR_API_KEY ?? `emu_${randomBytes(18).toString('hex')}`;
      const seed = opts.empty ? undefined : readSeedFile(opts.seed);
      const emulator = await startEmulator({ port: opts.port, host: opts.host, options: { apiKey }, seed });
      console.log(`JumpCloud emulator listening on ${emulator.url}`);
      console.log(`  API key   ${apiKey}`);
      console.log(`  Try it    curl -s -H 'x-api-key: ${apiKey}' '${emulator.url}/api/systemusers?limit=2'`);
      exitOnSignals(() => emulator.close());
    });
}
