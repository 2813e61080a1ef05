import type { BridgeConfig } from '../../../src/config/load-config';
import { registerSecret } from './scan-state';

/** Registers every secret a bridge configuration holds, each under what it is. */
export function registerConfigSecrets(config: BridgeConfig): void {
  for (const token of config.scimBearerTokens) registerSecret('SCIM bearer token', token);
  registerSecret('Basic password', config.scimBasic?.password);
  registerSecret('admin token', config.adminToken);
  registerSecret('metrics token', config.metrics.token);
  registerSecret('JumpCloud API key', config.jumpcloud.apiKey);
  registerSecret('emulator API key', config.emulator.apiKey);
  registerSecret('cursor secret', config.cursor.secret);
  for (const client of config.oauth.clients) registerSecret('OAuth client secret', client.secret);
  registerSecret('OAuth signing secret', config.oauth.signingSecret);
}
