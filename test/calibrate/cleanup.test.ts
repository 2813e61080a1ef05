import { DEFAULT_ORGANIZATION_ID } from '../../emulator/default-options';
import { calibrateAgainst, directorySnapshot, setFaults, startCalibrationTarget } from './support/calibration-harness';

/** The printed line of one behaviour. */
function lineOf(lines: string[], name: string): string | undefined {
  return lines.find((line) => line.startsWith(`${name} `));
}

describe('calibrate cleans up after itself', () => {
  let target: Awaited<ReturnType<typeof startCalibrationTarget>>;
  let before: Awaited<ReturnType<typeof directorySnapshot>>;
  beforeEach(async () => {
    target = await startCalibrationTarget();
    before = await directorySnapshot(target.emulator);
  });
  afterEach(async () => {
    await target.close();
  });

  it('a fault half-way makes the membership probes fail (exit 1), yet everything created is deleted', async () => {
    await setFaults(target.emulator, [{ status: 503, method: 'POST', path: '/\\/members$/' }]);
    const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID });
    expect(run.exitCode).toBe(1);
    expect(lineOf(lines, 'nonMemberRemove')).toMatch(/jumpcloud: could not run: JumpCloud answered HTTP 503 .*FAILED$/);
    expect(lineOf(lines, 'duplicateMemberAdd')).toMatch(/could not run: the first member add answered HTTP 503 .*FAILED$/);
    expect(lineOf(lines, 'associationEvent')).toMatch(/could not run: needs the member add.*FAILED$/);
    // The probes that do not need a membership still ran.
    expect(lineOf(lines, 'duplicateGroupName')).toMatch(/AGREES$/);
    expect(run.outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name).sort()).toEqual(['associationEvent', 'duplicateMemberAdd', 'nonMemberRemove']);
    expect(run.cleanup).toMatchObject({ leftovers: [], swept: [] });
    expect(await directorySnapshot(target.emulator)).toEqual(before);
  });

  it('a create whose answer was lost after it landed is deleted by the prefix sweep', async () => {
    await setFaults(target.emulator, [
      { drop: true, phase: 'after', method: 'POST', path: '/api/systemusers', count: 1 },
      { drop: true, phase: 'after', method: 'POST', path: '/api/v2/usergroups', count: 1 },
    ]);
    const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID });
    expect(lines).toContain('setup: creating the temporary user failed: the connection failed (ECONNRESET)');
    expect(lines.some((line) => line.startsWith('setup: creating the temporary group failed: the connection failed'))).toBe(true);
    expect(lineOf(lines, 'defaultUserState')).toMatch(/needs the temporary user, which could not be created/);
    expect(run.exitCode).toBe(1);
    const prefix = lines[0]?.match(/named (jcsbcal[a-z0-9]+)/)?.[1] as string;
    expect(run.cleanup?.swept.map((entry) => `${entry.kind} ${entry.name}`).sort()).toEqual([`group ${prefix}-members`, `user ${prefix}u`]);
    for (const entry of run.cleanup?.swept ?? []) expect(lines).toContain(`cleanup: found by the prefix sweep (its create answer was lost): ${entry.kind} ${entry.name} ${entry.id}`);
    expect(run.cleanup?.leftovers).toEqual([]);
    expect(await directorySnapshot(target.emulator)).toEqual(before);
  });

  it('a cleanup delete that fails transiently is retried, and the run still succeeds', async () => {
    // With the default switches no probe deletes a group itself, so these hit the cleanup.
    await setFaults(target.emulator, [{ status: 503, method: 'DELETE', path: '/api/v2/usergroups', count: 2 }]);
    const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID });
    expect(run.cleanup?.retries).toBe(2);
    expect(lines).toContain(`cleanup: deleted ${run.cleanup?.deleted} temporary object(s) (2 transient failure(s) retried)`);
    expect(run.cleanup?.leftovers).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(await directorySnapshot(target.emulator)).toEqual(before);
  });

  it('what cannot be deleted is printed with its id, and the exit code is 1', async () => {
    await setFaults(target.emulator, [{ status: 503, method: 'DELETE', path: '/api/v2/usergroups' }]);
    const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID });
    expect(run.exitCode).toBe(1);
    await setFaults(target.emulator, []);
    const after = await directorySnapshot(target.emulator);
    const leftBehind = after.groups.filter((group) => !before.groups.includes(group));
    expect(leftBehind).toHaveLength(4);
    expect(run.cleanup?.leftovers.map((entry) => `${entry.id} ${entry.name}`).sort()).toEqual(leftBehind);
    for (const entry of run.cleanup?.leftovers ?? []) {
      expect(lines).toContain(`cleanup: LEFT BEHIND group ${entry.name} ${entry.id} (DELETE answered HTTP 503): delete it by hand`);
    }
    expect(after.users).toEqual(before.users);
  });

  it('a sweep that cannot search says so (exit 1), after deleting what the ledger knew', async () => {
    await setFaults(target.emulator, [{ status: 503, method: 'POST', path: '/api/search/systemusers' }]);
    const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID });
    expect(run.exitCode).toBe(1);
    const prefix = lines[0]?.match(/named (jcsbcal[a-z0-9]+)/)?.[1] as string;
    expect(lines).toContain(`cleanup: the sweep by prefix ${prefix} could not run: searching users by prefix answered HTTP 503: check for users and groups whose name starts with it`);
    await setFaults(target.emulator, []);
    expect(await directorySnapshot(target.emulator)).toEqual(before);
  });

  it('an interruption stops the probes not yet started, and the cleanup still deletes what was created', async () => {
    const stop = new AbortController();
    // Interrupt as soon as the temporary user exists (the emulator publishes before it answers).
    const unsubscribe = target.emulator.ctx.bus.subscribe((mutation) => {
      if (mutation.eventType === 'user_create') stop.abort();
    });
    const { run, lines } = await calibrateAgainst(target.emulator, { yesWriteTo: DEFAULT_ORGANIZATION_ID, stop: stop.signal });
    unsubscribe();
    expect(run.exitCode).toBe(1);
    expect(run.outcomes.filter((outcome) => outcome.status !== 'failed').map((outcome) => outcome.name).sort()).toEqual(['directoryInsightsEnabled', 'missingKeyAnswer']);
    expect(lineOf(lines, 'defaultUserState')).toMatch(/could not run: interrupted before it started/);
    expect(run.cleanup?.deleted).toBe(1);
    expect(await directorySnapshot(target.emulator)).toEqual(before);
  });
});
