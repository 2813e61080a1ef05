import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { singleSwitchVariants } from '../../../emulator/option-switches';
import { EmulatorControl } from '../../../src/fixtures/emulator-control';
import { emulatorTarget, type EmulatorTargetHooks } from '../../../src/fixtures/emulator-target';
import { loadFixtureFolder } from '../../../src/fixtures/load-fixtures';
import { describeFailure, replayFixture } from '../../../src/fixtures/replay-engine';
import { scimHttpClient } from '../../../src/fixtures/scim-http-client';
import { FIXTURES_ROOT, runsOn } from '../../replay/support/fixture-suites';
import { REPLAY_SCIM_TOKEN, startReplayBridge } from '../../replay/support/replay-bridge';

const EMULATOR_KEY = 'matrix-emulator-key-0123';

/**
 * The switch matrix for one client's fixture flows: every fixture of `folder` that runs on the
 * emulator, replayed against an emulator started with ONE behaviour switch flipped from its
 * default (every switch, every other value: `singleSwitchVariants`). The SCIM answers and the
 * final directory must be exactly what the fixture says: the bridge may not depend on a
 * JumpCloud behaviour that no real evidence confirms. A fixture that pins a switch itself
 * (`emulatorOptions`) keeps its value: it asserts that behaviour on purpose.
 */
export function describeFixtureFlowMatrix(folder: string): void {
  const fixtures = loadFixtureFolder(join(FIXTURES_ROOT, folder)).filter((fixture) => runsOn(fixture, 'emulator'));

  describe.each(singleSwitchVariants())(`${folder} fixtures with $label`, (variant) => {
    let emulator: RunningEmulator;
    let hooks: EmulatorTargetHooks;

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0, options: { ...variant.options, apiKey: EMULATOR_KEY } });
      hooks = await emulatorTarget(new EmulatorControl(emulator.url, EMULATOR_KEY));
    });

    afterAll(async () => {
      await emulator.close();
    });

    test.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, loaded) => {
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
}
