import type { BridgeConfig } from '../../../src/config/load-config';
import { startBridge, type RunningBridge } from '../../../src/composition/start-bridge';
import { captureBridgeLog } from './bridge-log';
import { registerSecret } from './scan-state';

/**
 * `startBridge(config)` with its log captured and scanned (captureBridgeLog), and the secrets it
 * makes up itself registered too: the embedded emulator's key and a generated SCIM token.
 */
export async function startScannedBridge(config: BridgeConfig): Promise<RunningBridge> {
  const bridge = await startBridge(config, { logger: captureBridgeLog(config) });
  registerSecret('JumpCloud API key', bridge.jumpcloud.apiKey);
  registerSecret('SCIM bearer token', bridge.generatedToken);
  return bridge;
}
