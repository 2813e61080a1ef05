import { ADMIN_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ALICE, BOB, seqOf, storyRecords } from '../../support/audit-records';
import type { AuditRecord } from '../../../src/lifecycle/audit-record';

/** GET /admin/events through HTTP: every filter, paging by cursor, and precise 400s. */
describe('GET /admin/events', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { ADMIN_TOKEN } });
    await h.audit.append(storyRecords());
  });
  afterAll(() => h.close());

  /** The story numbers of the records answered, in answer order. */
  const seqs = (body: { events: AuditRecord[] }): number[] => body.events.map(seqOf);

  it('answers every record newest first, as plain JSON, with no nextCursor when all fit', async () => {
    const res = await h.admin('get', '/admin/events').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(seqs(res.body)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(res.body).not.toHaveProperty('nextCursor');
    expect(res.body.events[6]).toEqual(storyRecords()[2]);
  });

  it.each([
    ['type=mover', [6, 3]],
    ['type=joiner,suspend', [7, 4, 1]],
    ['type=entitlement_add', [5, 2]],
    ['type=group_create,group_update,group_delete', [8]],
    ['type=rehire', []],
    ['outcome=failed', [6]],
    ['outcome=dry_run,failed', [8, 6]],
    ['outcome=succeeded', [9, 7, 5, 4, 3, 2, 1]],
    // userName case-insensitively, SCIM id, JumpCloud id; a group-side entitlement names its member.
    ['user=alice.nguyen', [9, 7, 3, 2, 1]],
    ['user=ALICE.Nguyen', [9, 7, 3, 2, 1]],
    [`user=${ALICE}`, [9, 7, 3, 2, 1]],
    ['user=bob.martin', [6, 5, 4]],
    [`user=${BOB}`, [6, 5, 4]],
    ['user=nobody', []],
    ['since=2025-02-03', [9, 8, 7, 6, 5]],
    ['since=2025-02-03T00:00:00.000Z', [9, 8, 7, 6, 5]],
    ['since=2025-02-03T00:00:00.001Z', [9, 8, 7, 6]],
    ['until=2025-02-03', [4, 3, 2, 1]],
    // Offsets are honoured: 10:00+01:00 is 09:00Z, Alice's joiner.
    ['until=2025-01-10T10:00:00%2B01:00', []],
    ['until=2025-01-10T10:00:01%2B01:00', [1]],
    ['since=2025-01-10T04:00-05:00&until=2025-01-11T10:00:00Z', [1]],
    ['since=2025-02-01&until=2025-03-01', [6, 5, 4, 3]],
    ['type=mover&user=bob.martin&outcome=failed&since=2025-02-04', [6]],
    ['type=mover&user=alice.nguyen&outcome=failed', []],
  ])('filters: %s', async (query, expected) => {
    const res = await h.admin('get', `/admin/events?${query}`).expect(200);
    expect(seqs(res.body)).toEqual(expected);
  });

  it('pages by cursor: every matching record once, newest first, the last page without nextCursor', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await h.admin('get', `/admin/events?limit=2&user=alice.nguyen${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
      expect(res.body.events.length).toBeLessThanOrEqual(2);
      seen.push(...seqs(res.body));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual([9, 7, 3, 2, 1]);
    expect(pages).toBe(3);
  });

  it('a page exactly filled by the last records has no nextCursor', async () => {
    const res = await h.admin('get', '/admin/events?limit=9').expect(200);
    expect(seqs(res.body)).toHaveLength(9);
    expect(res.body).not.toHaveProperty('nextCursor');
  });

  it.each([
    ['type=hire', 'type'],
    ['type=joiner,,mover', 'type'],
    ['outcome=ok', 'outcome'],
    ['since=yesterday', 'since'],
    ['since=2025-02-30', 'since'],
    ['since=2025-13-01T00:00:00Z', 'since'],
    ['since=2025-01-10T09:00:00', 'since'],
    ['until=1736499600', 'until'],
    ['since=2025-03-01&until=2025-02-01', 'until'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=2.5', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['cursor=%21%21', 'cursor'],
    ['user=', 'user'],
    ['user=a&user=b', 'user'],
    ['type=joiner&type=mover', 'type'],
    ['users=alice', 'users'],
  ])('refuses %s with a plain JSON 400 naming "%s"', async (query, parameter) => {
    const res = await h.admin('get', `/admin/events?${query}`).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['detail', 'error']);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.detail).toContain(`"${parameter}"`);
  });

  it('accepts the limit bounds 1 and 1000', async () => {
    expect(seqs((await h.admin('get', '/admin/events?limit=1').expect(200)).body)).toEqual([9]);
    expect(seqs((await h.admin('get', '/admin/events?limit=1000').expect(200)).body)).toHaveLength(9);
  });
});

describe('GET /admin/events page size', () => {
  let h: BridgeHarness;
  beforeAll(async () => {
    h = await startBridgeHarness({ env: { ADMIN_TOKEN } });
    const base = storyRecords()[0] as AuditRecord;
    await h.audit.append(
      Array.from({ length: 1005 }, (_, i) => ({ ...base, id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, time: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() })),
    );
  });
  afterAll(() => h.close());

  it('is 100 by default, at most 1000 on request, and the cursor reaches the rest', async () => {
    const byDefault = await h.admin('get', '/admin/events').expect(200);
    expect(byDefault.body.events).toHaveLength(100);
    expect(byDefault.body.nextCursor).toEqual(expect.any(String));
    const most = await h.admin('get', '/admin/events?limit=1000').expect(200);
    expect(most.body.events).toHaveLength(1000);
    const rest = await h.admin('get', `/admin/events?limit=1000&cursor=${encodeURIComponent(most.body.nextCursor)}`).expect(200);
    expect(rest.body.events).toHaveLength(5);
    expect(rest.body).not.toHaveProperty('nextCursor');
    // Newest first across the boundary.
    expect(rest.body.events[0].time < most.body.events[999].time).toBe(true);
  });
});
