import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { EmulatorControl } from '../../src/fixtures/emulator-control';
import { emulatorTarget, type EmulatorTargetHooks } from '../../src/fixtures/emulator-target';
import { describeFailure, replayFixture } from '../../src/fixtures/replay-engine';
import { scimHttpClient } from '../../src/fixtures/scim-http-client';
import { fixtureFolders, runsOn } from './support/fixture-suites';
import { REPLAY_SCIM_TOKEN, startReplayBridge } from './support/replay-bridge';

const EMULATOR_KEY = 'replay-emulator-key-0123';
let emulator: RunningEmulator;
let hooks: EmulatorTargetHooks;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { apiKey: EMULATOR_KEY } });
  hooks = await emulatorTarget(new EmulatorControl(emulator.url, EMULATOR_KEY));
});

afterAll(async () => {
  await emulator.close();
});

// Target 2: the emulator answers (the fixture's JumpCloud replies are ignored); the SCIM answers
// must still match, and the directory must end as `finalState` says.
describe.each(fixtureFolders())('$folder fixtures replayed against the emulator', ({ fixtures }) => {
  test.each(fixtures.filter((f) => runsOn(f, 'emulator')).map((f) => [f.name, f] as const))('%s', async (_name, loaded) => {
    await hooks.prepare(loaded.fixture);
    const bridge = await startReplayBridge({ jumpcloudUrl: emulator.url, apiKey: EMULATOR_KEY, settings: loaded.fixture.settings });
    try {
      const result = await replayFixture(loaded.fixture, hooks.target({ baseUrl: bridge.scimBaseUrl, token: REPLAY_SCIM_TOKEN, send: scimHttpClient(bridge.scimBaseUrl) }));
      expect(describeFailure(result)).toEqual([]);
      expect(result.passed).toBe(true);
    } finally {
      await bridge.close();
    }
  });
});
