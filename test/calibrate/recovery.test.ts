import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../emulator/context';
import { DEFAULT_OPTIONS, DEFAULT_ORGANIZATION_ID } from '../../emulator/default-options';
import { BEHAVIOUR_SWITCHES, readEmulatorOptionsFile } from '../../emulator/option-switches';
import { calibrateAgainst, directorySnapshot, startCalibrationTarget } from './support/calibration-harness';

interface RecoveryCase {
  title: string;
  options: Record<string, string | number | boolean>;
  /** Options the run cannot see (Directory Insights refused): left out of the written file. */
  notMeasurable: string[];
  /** Start the emulator with no options at all (the row then lists the defaults it expects). */
  startWithDefaults?: boolean;
}

const CASES = JSON.parse(readFileSync(join(__dirname, 'recovery.cases.json'), 'utf8')) as RecoveryCase[];

describe('calibrate against the emulator recovers the values it was started with', () => {
  it('the table covers a non-default value of every switch, every value of every enumerated switch, and the defaults', () => {
    for (const definition of BEHAVIOUR_SWITCHES) {
      const measuredValues = CASES.filter((row) => !row.notMeasurable.includes(definition.name)).map((row) => row.options[definition.name]);
      expect({ name: definition.name, nonDefault: measuredValues.some((value) => value !== DEFAULT_OPTIONS[definition.name]) }).toEqual({ name: definition.name, nonDefault: true });
      if (!definition.range) for (const value of definition.values) expect({ name: definition.name, value, covered: measuredValues.includes(value) }).toEqual({ name: definition.name, value, covered: true });
    }
    const defaults = CASES.find((row) => row.startWithDefaults);
    expect(defaults?.options).toEqual(Object.fromEntries([...BEHAVIOUR_SWITCHES.map(({ name }) => [name, DEFAULT_OPTIONS[name]]), ['adminId', DEFAULT_OPTIONS.adminId], ['adminEmail', DEFAULT_OPTIONS.adminEmail]]));
  });

  it.each(CASES.map((row) => [row.title, row] as const))('%s', async (_title, row) => {
    const target = await startCalibrationTarget(row.startWithDefaults ? {} : (row.options as Partial<EmulatorOptions>));
    try {
      const before = await directorySnapshot(target.emulator);
      const file = join(target.dir, 'measured.json');
      const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID, writeOptions: file });
      const expected = Object.fromEntries(Object.entries(row.options).filter(([name]) => !row.notMeasurable.includes(name)));
      // The printed lines explain a failure better than the diff of two objects.
      expect({ file: readEmulatorOptionsFile(file), lines }).toEqual({ file: expected, lines });
      expect(run.exitCode).toBe(0);
      expect(run.cleanup?.leftovers).toEqual([]);
      expect(await directorySnapshot(target.emulator)).toEqual(before);
      for (const name of row.notMeasurable.filter((entry) => BEHAVIOUR_SWITCHES.some((definition) => definition.name === entry))) {
        expect(lines.find((line) => line.startsWith(`${name} `))).toMatch(/NOT MEASURABLE$/);
      }
    } finally {
      await target.close();
    }
  });
});
