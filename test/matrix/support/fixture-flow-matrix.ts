import { join } from 'node:path';
import { singleSwitchVariants } from '../../../emulator/option-switches';
import { loadFixtureFolder } from '../../../src/fixtures/load-fixtures';
import { FIXTURES_ROOT, runsOn } from '../../replay/support/fixture-suites';
import { startReplayEmulator, type ReplayEmulator } from '../../replay/support/emulator-replay';

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
    let emulator: ReplayEmulator;

    beforeAll(async () => {
      emulator = await startReplayEmulator('matrix-emulator-key-0123', variant.options);
    });

    afterAll(async () => {
      await emulator.close();
    });

    test.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, loaded) => {
      await emulator.replay(loaded.fixture);
    });
  });
}
