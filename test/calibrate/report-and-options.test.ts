import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEmulatorOptionsFile } from '../../emulator/option-switches';
import { formatCleanup, formatOutcomes, summarizeOutcomes, verdictOf } from '../../src/calibrate/calibration-report';
import { emulatorOptionsOf, writeEmulatorOptionsFile } from '../../src/calibrate/options-file';
import { byStatus, failed, measured, other, unmeasurable, type ProbeOutcome } from '../../src/calibrate/probe-outcome';

const OUTCOMES: ProbeOutcome[] = [
  byStatus('duplicateMemberAdd', 204, { 409: 'conflict', 204: 'no-content' }),
  measured('defaultUserState', 'ACTIVATED', 'state ACTIVATED'),
  other('apiKeyAuthMethod', '"apikey"'),
  unmeasurable('associationEvent', 'not measurable: Directory Insights refused the key'),
  failed('v2FilterForm', 'JumpCloud answered HTTP 503 (try again later)'),
  measured('usernameMaxLength', 64, 'longest accepted 64 (65 refused)', ['a note']),
];

describe('the calibrate report', () => {
  it.each([
    ['a measured default', measured('defaultUserState', 'ACTIVATED', ''), 'AGREES'],
    ['a measured other value', measured('duplicateMemberAdd', 'no-content', ''), 'DIFFERS'],
    ['an answer with no emulator value', other('apiKeyAuthMethod', ''), 'DIFFERS'],
    ['Directory Insights refused', unmeasurable('associationEvent', ''), 'NOT MEASURABLE'],
    ['a probe that could not run', failed('v2FilterForm', ''), 'FAILED'],
  ])('verdict of %s', (_title, outcome, verdict) => {
    expect(verdictOf(outcome)).toBe(verdict);
  });

  it.each([
    [429, 'failed', undefined],
    [503, 'failed', undefined],
    [400, 'other', undefined],
    [204, 'measured', 'no-content'],
    [409, 'measured', 'conflict'],
  ])('a status %i reads %s', (status, kind, value) => {
    const outcome = byStatus('duplicateMemberAdd', status, { 409: 'conflict', 204: 'no-content' });
    expect([outcome.status, outcome.value]).toEqual([kind, value]);
  });

  it('prints one aligned line per behaviour in the switch table order, notes under it, then a count', () => {
    const lines = formatOutcomes(OUTCOMES);
    // Aligned: every behaviour line has its emulator column at the same place.
    const columns = lines.filter((line) => !line.startsWith(' ')).map((line) => line.indexOf('   emulator: '));
    expect(new Set(columns).size).toBe(1);
    expect(lines.map((line) => line.replace(/ {2,}/g, ' | '))).toEqual([
      'defaultUserState | jumpcloud: state ACTIVATED | emulator: ACTIVATED | AGREES',
      'duplicateMemberAdd | jumpcloud: 204 (no-content) | emulator: conflict | DIFFERS',
      'usernameMaxLength | jumpcloud: longest accepted 64 (65 refused) | emulator: 30 | DIFFERS',
      ' | a note',
      'apiKeyAuthMethod | jumpcloud: "apikey" | emulator: api key | DIFFERS (no emulator value)',
      'associationEvent | jumpcloud: not measurable: Directory Insights refused the key | emulator: observed | NOT MEASURABLE',
      'v2FilterForm | jumpcloud: could not run: JumpCloud answered HTTP 503 (try again later) | emulator: any | FAILED',
    ]);
    expect(summarizeOutcomes(OUTCOMES)).toBe('6 behaviours: 1 agree, 3 differ, 1 not measurable, 1 failed');
  });

  it('names every object left behind with its id', () => {
    expect(
      formatCleanup({
        deleted: 3,
        retries: 1,
        swept: [{ kind: 'user', id: '64b0a1f2c3d4e5f6a7b8c901', name: 'jcsbcalabcdefu' }],
        leftovers: [{ kind: 'group', id: '64b0a1f2c3d4e5f6a7b8c902', name: 'jcsbcalabcdef-a', reason: 'DELETE answered HTTP 503' }],
        sweepProblem: 'the sweep by prefix jcsbcalabcdef could not run: searching users by prefix answered HTTP 503',
      }),
    ).toEqual([
      'cleanup: deleted 3 temporary object(s) (1 transient failure(s) retried)',
      'cleanup: found by the prefix sweep (its create answer was lost): user jcsbcalabcdefu 64b0a1f2c3d4e5f6a7b8c901',
      'cleanup: the sweep by prefix jcsbcalabcdef could not run: searching users by prefix answered HTTP 503: check for users and groups whose name starts with it',
      'cleanup: LEFT BEHIND group jcsbcalabcdef-a 64b0a1f2c3d4e5f6a7b8c902 (DELETE answered HTTP 503): delete it by hand',
    ]);
  });
});

describe('the emulator options file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'calibrate-options-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the measured switches and the admin, never an answer the emulator has no value for', () => {
    const document = emulatorOptionsOf(OUTCOMES, { adminId: '5f0c8f5fe6fc3d2b0e7b7b11', adminEmail: 'it.admin@example.com' });
    expect(document).toEqual({ defaultUserState: 'ACTIVATED', duplicateMemberAdd: 'no-content', usernameMaxLength: 64, adminId: '5f0c8f5fe6fc3d2b0e7b7b11', adminEmail: 'it.admin@example.com' });
    const file = join(dir, 'options.json');
    writeEmulatorOptionsFile(file, document);
    expect(readEmulatorOptionsFile(file)).toEqual(document);
  });

  it('is checked with the emulator\'s own parser before it is written', () => {
    const file = join(dir, 'bad.json');
    expect(() => writeEmulatorOptionsFile(file, emulatorOptionsOf([measured('usernameMaxLength', 0, '0')], {}))).toThrow(/usernameMaxLength must be a whole number from 1 to 1024/);
    expect(existsSync(file)).toBe(false);
  });
});
