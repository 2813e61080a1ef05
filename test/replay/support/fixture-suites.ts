import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixtureFolder } from '../../../src/fixtures/load-fixtures';
import type { LoadedFixture, ReplayTargetName } from '../../../src/fixtures/fixture-types';

/** Where the shipped fixtures live: one folder per client (and errors/). */
export const FIXTURES_ROOT = join(__dirname, '..', '..', 'fixtures');

/** Every fixture folder with its fixtures, loaded and validated now (a broken one throws here). */
export function fixtureFolders(): { folder: string; fixtures: LoadedFixture[] }[] {
  return readdirSync(FIXTURES_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((folder) => ({ folder, fixtures: loadFixtureFolder(join(FIXTURES_ROOT, folder)) }));
}

/** True when the fixture runs on the target (both unless it says otherwise). */
export function runsOn(fixture: LoadedFixture, target: ReplayTargetName): boolean {
  return (fixture.fixture.targets ?? ['nock', 'emulator']).includes(target);
}
