import type { Command } from 'commander';
import { FixtureLoadError } from '../fixtures/load-fixtures';
import { replayFolder } from '../fixtures/replay-folder';

interface ReplayOptions {
  baseUrl: string;
  token?: string;
  emulatorUrl?: string;
  emulatorKey?: string;
}

/**
 * `replay <folder>`: replays a folder of fixtures (e.g. test/fixtures/sailpoint, or a recording)
 * against any running bridge and prints `N passed, M failed`; exit 1 when anything failed.
 */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a folder of recorded SCIM fixtures against a running bridge')
    .argument('<folder>', 'folder of fixture files (*.json)')
    .requiredOption('--base-url <url>', 'the SCIM base URL of the bridge, e.g. http://localhost:8080/scim/v2')
    .option('--token <token>', 'bearer token the bridge accepts (default: $SCIM_BEARER_TOKEN)')
    .option('--emulator-url <url>', 'origin of the JumpCloud emulator behind the bridge: each fixture then starts from its seed, with its faults and final-state checks')
    .option('--emulator-key <key>', 'API key of that emulator (default: $EMULATOR_API_KEY)')
    .action(async (folder: string, opts: ReplayOptions) => {
      const token = opts.token ?? process.env.SCIM_BEARER_TOKEN?.split(',')[0]?.trim();
      if (!token) {
        console.error('replay: --token is required (or set SCIM_BEARER_TOKEN)');
        process.exitCode = 2;
        return;
      }
      const emulatorKey = opts.emulatorKey ?? process.env.EMULATOR_API_KEY;
      if (opts.emulatorUrl && !emulatorKey) {
        console.error('replay: --emulator-url needs --emulator-key (or EMULATOR_API_KEY)');
        process.exitCode = 2;
        return;
      }
      try {
        const summary = await replayFolder(folder, {
          baseUrl: opts.baseUrl,
          token,
          emulator: opts.emulatorUrl && emulatorKey ? { url: opts.emulatorUrl, apiKey: emulatorKey } : undefined,
          print: (line) => console.log(line),
        });
        process.exitCode = summary.failed > 0 ? 1 : 0;
      } catch (err) {
        if (!(err instanceof FixtureLoadError)) throw err;
        console.error(err.message);
        process.exitCode = 2;
      }
    });
}
