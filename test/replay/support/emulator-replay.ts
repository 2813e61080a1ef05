import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import type { EmulatorOptionsFile } from '../../../emulator/option-switches';
import { EmulatorControl } from '../../../src/fixtures/emulator-control';
import { emulatorTarget, type EmulatorTargetHooks } from '../../../src/fixtures/emulator-target';
import type { Fixture } from '../../../src/fixtures/fixture-types';
import { describeFailure, replayFixture } from '../../../src/fixtures/replay-engine';
import { scimHttpClient } from '../../../src/fixtures/scim-http-client';
import { REPLAY_SCIM_TOKEN, startReplayBridge } from './replay-bridge';

/** An emulator to replay fixtures against, with the target hooks that reset and seed it per fixture. */
export interface ReplayEmulator {
  /** Replays one fixture through a fresh bridge (its settings, plus `settings` over them) and expects it to pass. */
  replay(fixture: Fixture, settings?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1 with `options` as the switches every fixture starts from. */
export async function startReplayEmulator(key: string, options: EmulatorOptionsFile = {}): Promise<ReplayEmulator> {
  const emulator: RunningEmulator = await startEmulator({ port: 0, options: { ...options, apiKey: key } });
  const hooks: EmulatorTargetHooks = await emulatorTarget(new EmulatorControl(emulator.url, key));
  return {
    async replay(fixture, settings = {}) {
      await hooks.prepare(fixture);
      const bridge = await startReplayBridge({ jumpcloudUrl: emulator.url, apiKey: key, settings: { ...fixture.settings, ...settings } });
      try {
        const result = await replayFixture(fixture, hooks.target({ baseUrl: bridge.scimBaseUrl, token: REPLAY_SCIM_TOKEN, send: scimHttpClient(bridge.scimBaseUrl) }));
        expect(describeFailure(result)).toEqual([]);
        expect(result.passed).toBe(true);
      } finally {
        await bridge.close();
      }
    },
    close: () => emulator.close(),
  };
}
