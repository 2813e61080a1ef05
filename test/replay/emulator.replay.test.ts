import { fixtureFolders, runsOn } from './support/fixture-suites';
import { startReplayEmulator, type ReplayEmulator } from './support/emulator-replay';

let emulator: ReplayEmulator;

beforeAll(async () => {
  emulator = await startReplayEmulator('replay-emulator-key-0123');
});

afterAll(async () => {
  await emulator.close();
});

// Target 2: the emulator answers (the fixture's JumpCloud replies are ignored); the SCIM answers
// must still match, and the directory must end as `finalState` says.
describe.each(fixtureFolders())('$folder fixtures replayed against the emulator', ({ fixtures }) => {
  test.each(fixtures.filter((f) => runsOn(f, 'emulator')).map((f) => [f.name, f] as const))('%s', async (_name, loaded) => {
    await emulator.replay(loaded.fixture);
  });
});
