import type { AuditRecord } from '../../../src/lifecycle/audit-record';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { GROUP } from './groups-fixtures';
import { createThroughBridge, emulatorCall, injectFaults, scimUser } from './scim-users.fixtures';

interface Case {
  name: string;
  /** An emulator fault rule, without method and path (added per resource). */
  fault: Record<string, unknown>;
  /** What the client is answered. */
  status: number;
  /** The journal's outcome for the delete. */
  outcome: 'succeeded' | 'failed';
  /** Statuses of the DELETE attempts, as the journal records them (undefined: no answer). */
  attempts: (number | undefined)[];
}

// Issue 12 finding 10: a delete whose answer was lost after it took effect is a success on retry;
// only a delete whose FIRST attempt (or an attempt after only "not processed" answers) was 404 is 404.
const CASES: Case[] = [
  { name: 'connection dropped after the delete took effect', fault: { phase: 'after', drop: true, count: 1 }, status: 204, outcome: 'succeeded', attempts: [undefined, 404] },
  { name: '502 after the delete took effect', fault: { phase: 'after', status: 502, count: 1 }, status: 204, outcome: 'succeeded', attempts: [502, 404] },
  { name: '503 after the delete took effect', fault: { phase: 'after', status: 503, count: 1 }, status: 204, outcome: 'succeeded', attempts: [503, 404] },
  { name: '502 before the delete (nothing done): the retry deletes', fault: { phase: 'before', status: 502, count: 1 }, status: 204, outcome: 'succeeded', attempts: [502, 200] },
];

describe('a DELETE whose answer was lost after it took effect (issue 12 finding 10)', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.emulator.ctx.reset());

  async function deleteRecord(type: AuditRecord['type'], id: string): Promise<AuditRecord> {
    const records = (await h.audit.query({ limit: 100 })).records.filter((r) => r.type === type && r.scimId === id);
    expect(records).toHaveLength(1);
    return records[0] as AuditRecord;
  }

  function deleteAttempts(record: AuditRecord): (number | undefined)[] {
    return record.jumpcloudCalls.filter((call) => call.method === 'DELETE').map((call) => call.status);
  }

  it.each(CASES)('DELETE /Users/{id}, $name: $status, journal $outcome', async ({ fault, status, outcome, attempts }) => {
    const user = await createThroughBridge(h, scimUser('leaver'));
    await injectFaults(h, [{ ...fault, method: 'DELETE', path: '/api/systemusers' }]);
    await h.scim('delete', `/Users/${user.id}`).expect(status);
    expect(h.emulator.ctx.users.get(user.id)).toBeUndefined();
    const record = await deleteRecord('delete', user.id);
    expect(record.outcome).toBe(outcome);
    // The retry is noted: the journal keeps every attempt, the failed one and the 404 that settled it.
    expect(deleteAttempts(record)).toEqual(attempts.map((s) => (s === 200 ? expect.any(Number) : s)));
  });

  it.each(CASES)('DELETE /Groups/{id}, $name: $status, journal $outcome', async ({ fault, status, outcome, attempts }) => {
    const group = await h.scim('post', '/Groups').send({ schemas: [GROUP], displayName: 'Leavers' }).expect(201);
    const id = group.body.id as string;
    await injectFaults(h, [{ ...fault, method: 'DELETE', path: '/api/v2/usergroups' }]);
    await h.scim('delete', `/Groups/${id}`).expect(status);
    await h.scim('get', `/Groups/${id}`).expect(404);
    const record = await deleteRecord('group_delete', id);
    expect(record.outcome).toBe(outcome);
    expect(deleteAttempts(record)).toEqual(attempts.map((s) => (s === 200 ? expect.any(Number) : s)));
  });

  it('a first attempt answered 404 stays 404 (the user never existed), journaled failed', async () => {
    const user = await createThroughBridge(h, scimUser('ghost'));
    await emulatorCall(h, 'delete', `/api/systemusers/${user.id}`).expect(200);
    await h.scim('delete', `/Users/${user.id}`).expect(404);
    expect((await deleteRecord('delete', user.id)).outcome).toBe('failed');
  });

  it('a 404 after only a 429 (JumpCloud did not act) stays 404', async () => {
    const user = await createThroughBridge(h, scimUser('ghost2'));
    await emulatorCall(h, 'delete', `/api/systemusers/${user.id}`).expect(200);
    await injectFaults(h, [{ phase: 'before', status: 429, retryAfter: 0, count: 1, method: 'DELETE', path: '/api/systemusers' }]);
    await h.scim('delete', `/Users/${user.id}`).expect(404);
    const record = await deleteRecord('delete', user.id);
    expect(record.outcome).toBe('failed');
    expect(deleteAttempts(record)).toEqual([429, 404]);
  });
});
