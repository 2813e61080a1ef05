import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { EmulatorControl } from '../../src/fixtures/emulator-control';
import { emulatorTarget, type EmulatorTargetHooks } from '../../src/fixtures/emulator-target';
import { describeFailure, replayFixture } from '../../src/fixtures/replay-engine';
import { scimHttpClient } from '../../src/fixtures/scim-http-client';
import { fixtureFolders, runsOn } from './support/fixture-suites';
import { REPLAY_SCIM_TOKEN, startReplayBridge } from './support/replay-bridge';

const EMULATOR_KEY = 'replay-read-only-key-0123';
let emulator: RunningEmulator;
let hooks: EmulatorTargetHooks;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { apiKey: EMULATOR_KEY } });
  hooks = await emulatorTarget(new EmulatorControl(emulator.url, EMULATOR_KEY));
});

afterAll(async () => {
  await emulator.close();
});

const sailpoint = fixtureFolders().find((folder) => folder.folder === 'sailpoint')?.fixtures ?? [];

// READ_ONLY_PROFILES=true marks the bridge's fields as restrictedFields on every create and update.
// JumpCloud limits restrictedFields[].field to an enum (NOTES.md "restrictedFields"): with the
// emulator enforcing it, SailPoint's whole story must still pass, so the bridge may only lock
// fields JumpCloud can lock.
describe('sailpoint fixtures with READ_ONLY_PROFILES=true, the emulator enforcing the restrictedFields enum', () => {
  it('finds the SailPoint fixtures', () => {
    expect(sailpoint.filter((f) => runsOn(f, 'emulator')).length).toBeGreaterThan(10);
  });

  test.each(sailpoint.filter((f) => runsOn(f, 'emulator')).map((f) => [f.name, f] as const))('%s', async (_name, loaded) => {
    const fixture = { ...loaded.fixture, emulatorOptions: { ...loaded.fixture.emulatorOptions, restrictedFieldsCheck: 'spec-enum' } };
    await hooks.prepare(fixture);
    const bridge = await startReplayBridge({ jumpcloudUrl: emulator.url, apiKey: EMULATOR_KEY, settings: { ...fixture.settings, READ_ONLY_PROFILES: 'true' } });
    try {
      const result = await replayFixture(fixture, hooks.target({ baseUrl: bridge.scimBaseUrl, token: REPLAY_SCIM_TOKEN, send: scimHttpClient(bridge.scimBaseUrl) }));
      expect(describeFailure(result)).toEqual([]);
      expect(result.passed).toBe(true);
    } finally {
      await bridge.close();
    }
  });
});
