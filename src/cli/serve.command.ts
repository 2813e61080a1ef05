import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config';
import { startBridge } from '../composition/start-bridge';
import { BRIDGE_VERSION } from '../version';
import { bridgeBanner } from './banner';
import { exitOnSignals } from './signals';

/** `serve`: the bridge, on the real JumpCloud when JUMPCLOUD_API_KEY is set, else on the embedded emulator. */
export function registerServe(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('run the SCIM bridge (configured by environment variables; see README)')
    .action(async () => {
      try {
        const bridge = await startBridge(loadConfig());
        console.log(bridgeBanner(bridge, BRIDGE_VERSION));
        exitOnSignals(() => bridge.close());
      } catch (err) {
        if (err instanceof ConfigError) {
          console.error(err.message);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
