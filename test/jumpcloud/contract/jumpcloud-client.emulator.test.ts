import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { JumpCloudClient } from '../../../src/jumpcloud';
import { defineJumpCloudClientContract, type ContractTarget } from './jumpcloud-client.contract';

const KEY = 'contract-emulator-key';
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ options: { apiKey: KEY } });
});
afterAll(async () => {
  await emulator.close();
});

const target: ContractTarget = {
  begin: async () => emulator.ctx.reset(),
  end: async () => undefined,
  client: () => new JumpCloudClient({ baseUrl: emulator.url, apiKey: KEY, timeoutMs: 5000, retry: { maxAttempts: 1 } }),
  badKeyClient: () => new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'wrong-key', timeoutMs: 5000, retry: { maxAttempts: 1 } }),
};

describe('JumpCloud client contract: live emulator', () => {
  defineJumpCloudClientContract(() => target);
});
