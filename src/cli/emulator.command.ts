import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { readOrganizationsFile } from '../../emulator/multi-org/organizations-file';
import { readEmulatorOptionsFile } from '../../emulator/option-switches';
import { startEmulator, startMultiOrgEmulator, type RunningEmulator, type RunningMultiOrgEmulator } from '../../emulator/server';
import { defaultSeedPath, readSeedFile } from '../composition/jumpcloud-target';
import { exitOnSignals } from './signals';

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

/** The `emulator` command's options, as commander parses them. */
export interface EmulatorCommandOptions {
  port: number;
  host: string;
  seed: string;
  empty?: boolean;
  apiKey?: string;
  /** A JSON file of behaviour switches (`emulator/option-switches.ts`), e.g. `{"associationEvent": "documented"}`. */
  options?: string;
  /** A JSON file of organisations (`emulator/multi-org/organizations-file.ts`): several organisations behind one provider key. */
  organizations?: string;
}

/**
 * Starts the emulator as the `emulator` command asks. The options file is read and checked
 * first, so a bad one stops the start (nothing listens) with an error naming the file and what
 * to fix; the switches it sets can still be flipped at run time (`PATCH /__emulator/options`).
 */
export async function startEmulatorCommand(opts: EmulatorCommandOptions): Promise<{ emulator: RunningEmulator; apiKey: string }> {
  const switches = opts.options === undefined ? {} : readEmulatorOptionsFile(opts.options);
  const apiKey = opts.apiKey ?? process.env.EMULATOR_API_KEY ?? `emu_${randomBytes(18).toString('hex')}`;
  const seed = opts.empty ? undefined : readSeedFile(opts.seed);
  const emulator = await startEmulator({ port: opts.port, host: opts.host, options: { ...switches, apiKey }, seed });
  return { emulator, apiKey };
}

/**
 * Starts the multi-organisation emulator `--organizations FILE` asks for: the provider key is
 * `--api-key` (else EMULATOR_API_KEY, else generated), every organisation takes the `--options`
 * switches under its own, and its seed is the file's (`--seed` and `--empty` do not apply). Both
 * files are checked before anything listens.
 */
export async function startMultiOrgEmulatorCommand(
  opts: EmulatorCommandOptions & { organizations: string },
): Promise<{ emulator: RunningMultiOrgEmulator; generatedKeys: Map<string, string> }> {
  const switches = opts.options === undefined ? {} : readEmulatorOptionsFile(opts.options);
  const { config, generatedKeys } = readOrganizationsFile(opts.organizations);
  const providerKey = opts.apiKey ?? process.env.EMULATOR_API_KEY ?? `emu_${randomBytes(18).toString('hex')}`;
  const organizations = config.organizations.map((org) => ({ ...org, options: { ...switches, ...org.options } }));
  const emulator = await startMultiOrgEmulator({ ...config, organizations, providerKey, port: opts.port, host: opts.host });
  return { emulator, generatedKeys };
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
    .option('--options <file>', 'JSON file of behaviour switches, e.g. {"associationEvent": "documented"} (see GET /__emulator/options)')
    .option('--organizations <file>', 'JSON file of organisations: several, behind one provider key (--api-key) and x-org-id, each optionally with its own key (see the README)')
    .action(async (opts: EmulatorCommandOptions) => {
      if (opts.organizations !== undefined) {
        await runMultiOrg({ ...opts, organizations: opts.organizations });
        return;
      }
      const { emulator, apiKey } = await startEmulatorCommand(opts);
      console.log(`JumpCloud emulator listening on ${emulator.url}`);
      console.log(`  API key   ${apiKey}`);
      if (opts.options !== undefined) console.log(`  Switches  ${opts.options}`);
      console.log(`  Try it    curl -s -H 'x-api-key: ${apiKey}' '${emulator.url}/api/systemusers?limit=2'`);
      exitOnSignals(() => emulator.close());
    });
}

async function runMultiOrg(opts: EmulatorCommandOptions & { organizations: string }): Promise<void> {
  const { emulator, generatedKeys } = await startMultiOrgEmulatorCommand(opts);
  const ids = emulator.organizationIds();
  console.log(`JumpCloud emulator listening on ${emulator.url} (${ids.length} organisations from ${opts.organizations})`);
  console.log(`  Provider key  ${emulator.providerKey} (x-org-id chooses the organisation)`);
  for (const id of ids) {
    const own = generatedKeys.get(id);
    console.log(`  Organisation  ${id}${own === undefined ? '' : `  own key ${own}`}`);
  }
  if (opts.options !== undefined) console.log(`  Switches      ${opts.options}`);
  console.log(`  Try it        curl -s -H 'x-api-key: ${emulator.providerKey}' -H 'x-org-id: ${ids[0] ?? ''}' '${emulator.url}/api/systemusers?limit=2'`);
  exitOnSignals(() => emulator.close());
}
