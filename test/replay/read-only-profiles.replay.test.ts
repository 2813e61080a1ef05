import { fixtureFolders, runsOn } from './support/fixture-suites';
import { startReplayEmulator, type ReplayEmulator } from './support/emulator-replay';

let emulator: ReplayEmulator;

beforeAll(async () => {
  emulator = await startReplayEmulator('replay-read-only-key-0123');
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
    await emulator.replay(fixture, { READ_ONLY_PROFILES: 'true' });
  });
});
