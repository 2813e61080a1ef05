import { secretValues, type BridgeConfig } from '../../../src/config/load-config';
import type { Logger } from '../../../src/logging/logger';
import { captureLogger } from './capture-logger';
import { registerConfigSecrets } from './register-config';
import { registerSecret } from './scan-state';

/**
 * The logger a test harness gives its bridge: as start-bridge.ts builds it (the configuration's
 * secret values and the JumpCloud key scrubbed by value), at debug, captured in memory, with
 * those same secrets registered so the log scan fails a test whose log holds one anyway.
 * `jumpcloudKey` is the key the bridge calls JumpCloud (in tests: the emulator) with.
 */
export function captureBridgeLog(config: BridgeConfig, jumpcloudKey?: string): Logger {
  registerConfigSecrets(config);
  registerSecret('JumpCloud API key', jumpcloudKey);
  const secrets = [...secretValues(config), ...(jumpcloudKey ? [jumpcloudKey] : [])];
  return captureLogger({ secrets });
}
