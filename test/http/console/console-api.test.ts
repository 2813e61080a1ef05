import request from 'supertest';
import type { AuditRecord } from '../../../src/lifecycle/audit-record';
import { renderCsv } from '../../../src/lifecycle/audit-csv';
import { AdminAuditProvider } from '../../../src/provider/admin-audit.provider';
import type { OpenDrift } from '../../../src/state/drift-store';
import { startConsoleHarness, type ConsoleHarness, type ConsoleSignIn } from './console-harness';

const ALICE = '65c000000000000000000a11';
const BOB = '65c000000000000000000b0b';
const CAROL = '65c000000000000000000c0c';
const ENGINEERING = '65c0000000000000000e0001';

let seq = 0;
function record(time: string, fields: Partial<AuditRecord> & Pick<AuditRecord, 'type'>): AuditRecord {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    time,
    outcome: 'succeeded',
    resourceType: 'User',
    jumpcloudCalls: [{ method: 'PUT', route: '/api/systemusers/{id}', status: 200, attempt: 1 }],
    requestId: `req-${seq}`,
    client: 'bearer#1',
    ...fields,
  };
}
const alice = { scimId: ALICE, jumpcloudId: ALICE, userName: 'alice@example.com' };
const bob = { scimId: BOB, jumpcloudId: BOB, userName: 'bob@example.com' };
const carol = { scimId: CAROL, jumpcloudId: CAROL, userName: '<img src=x onerror=alert(1)>@example.com' };

/**
 * A journal around the harness clock (2025-03-15T12:00Z): the 30-day window is 2025-02-14 ..
 * 2025-03-15; one record before it, a dry run and a pending intent that no category counts.
 */
function journal(): AuditRecord[] {
  return [
    record('2025-02-13T23:59:59.999Z', { type: 'joiner', ...bob }),
    record('2025-02-14T00:00:00.000Z', { type: 'joiner', ...bob }),
    record('2025-03-14T08:00:00.000Z', { type: 'joiner', ...alice, changes: [{ attribute: 'title', after: 'Engineer' }, { attribute: 'displayName', after: 'Alice A' }] }),
    record('2025-03-14T09:00:00.000Z', { type: 'suspend', ...bob, changes: [{ attribute: 'active', before: true, after: false }] }),
    record('2025-03-14T10:00:00.000Z', { type: 'delete', ...carol }),
    record('2025-03-14T11:00:00.000Z', { type: 'joiner', ...carol, outcome: 'dry_run' }),
    record('2025-03-15T08:00:00.000Z', { type: 'rehire', ...bob, changes: [{ attribute: 'active', before: false, after: true }] }),
    record('2025-03-15T09:00:00.000Z', { type: 'mover', ...alice, requestId: 'req-shared', changes: [{ attribute: 'title', before: 'Engineer', after: 'Lead' }] }),
    record('2025-03-15T09:00:00.500Z', { type: 'entitlement_add', ...alice, requestId: 'req-shared', group: { id: ENGINEERING, name: 'Engineering' } }),
    record('2025-03-15T10:00:00.000Z', { type: 'entitlement_remove', ...alice, group: { id: ENGINEERING, name: 'Engineering' } }),
    record('2025-03-15T11:00:00.000Z', { type: 'mover', ...bob, outcome: 'failed', error: { status: 503, detail: 'JumpCloud is unavailable.' } }),
    record('2025-03-15T11:30:00.000Z', { type: 'joiner', userName: 'dave@example.com', outcome: 'pending' }),
  ];
}

/** Built once: each record keeps its id across the tests. */
const JOURNAL = journal();

function openDrift(): OpenDrift {
  return {
    resourceType: 'User', resourceId: ALICE, key: 'jobTitle', attribute: 'title', jumpcloudField: 'jobTitle', userName: 'alice@example.com',
    from: 'Lead', to: 'Principal', initiatedBy: { type: 'admin', email: 'it@example.com' }, source: 'directory_insights',
    openedAt: '2025-03-15T11:45:00.000Z', updatedAt: '2025-03-15T11:45:00.000Z', auditId: 'drift-audit-1',
  };
}

describe('console API on a seeded journal', () => {
  let h: ConsoleHarness;
  let session: ConsoleSignIn;
  const post = (path: string) => request(h.app).post(path).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken);

  beforeEach(async () => {
    h = await startConsoleHarness({
      seed: {
        users: [
          { _id: ALICE, username: 'alice', email: 'alice@example.com', jobTitle: 'Principal', displayname: 'Alice A', attributes: [{ name: 'scimUserName', value: 'alice@example.com' }], password: 'Correct-Horse-1' },
          { _id: BOB, username: 'bob', email: 'bob@example.com', created: '2025-03-01T00:00:00.000Z', attributes: [{ name: 'scimUserName', value: 'bob@example.com' }] },
        ],
      },
    });
    await h.audit.append(structuredClone(JOURNAL));
    session = await h.signIn();
  });
  afterEach(() => h.close());

  it('GET /overview: 30 UTC days oldest first, today last, per category; failures apart; dry runs and intents not counted', async () => {
    const res = await h.get('/console/api/overview', session).expect(200);
    const body = res.body;
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toEqual({ date: '2025-02-14', joiner: 1, mover: 0, leaver: 0, rehire: 0, entitlement: 0, failed: 0 });
    expect(body.days[28]).toEqual({ date: '2025-03-14', joiner: 1, mover: 0, leaver: 2, rehire: 0, entitlement: 0, failed: 0 });
    expect(body.days[29]).toEqual({ date: '2025-03-15', joiner: 0, mover: 1, leaver: 0, rehire: 1, entitlement: 2, failed: 1 });
    expect(body.today).toEqual({ joiner: 0, mover: 1, leaver: 0, rehire: 1, entitlement: 2, failed: 1 });
    const total = (key: string) => body.days.reduce((sum: number, day: Record<string, number>) => sum + (day[key] ?? 0), 0);
    expect([total('joiner'), total('leaver'), total('failed')]).toEqual([2, 2, 1]);
    expect(body).toMatchObject({
      version: '9.9.9-test',
      uptimeSeconds: 3600,
      pendingActivations: 1,
      openDrift: 0,
      changefeed: { mode: 'insights', lagSeconds: 42 },
      throttling: { rateLimitedLastHour: 3 },
    });
    await h.drift.put(openDrift());
    expect((await h.get('/console/api/overview', session).expect(200)).body.openDrift).toBe(1);
  });

  it('GET /events answers what /admin/events answers for the same filters, plus requestId', async () => {
    const all = (await h.get('/console/api/events', session).expect(200)).body;
    expect(all.events.map((r: AuditRecord) => r.id)).toEqual([...JOURNAL].reverse().map((r) => r.id));
    const movers = (await h.get('/console/api/events?type=mover&outcome=succeeded', session).expect(200)).body;
    expect(movers.events.map((r: AuditRecord) => r.requestId)).toEqual(['req-shared']);
    expect(movers).toEqual(JSON.parse(JSON.stringify(await new AdminAuditProvider({ audit: h.audit }).events({ type: 'mover', outcome: 'succeeded' }))));
    const byRequest = (await h.get('/console/api/events?requestId=req-shared', session).expect(200)).body;
    expect(byRequest.events.map((r: AuditRecord) => r.type)).toEqual(['entitlement_add', 'mover']);
    const paged = (await h.get('/console/api/events?user=alice@example.com&limit=2', session).expect(200)).body;
    expect(paged.events).toHaveLength(2);
    const next = (await h.get(`/console/api/events?user=alice@example.com&limit=2&cursor=${encodeURIComponent(paged.nextCursor)}`, session).expect(200)).body;
    expect(next.events.map((r: AuditRecord) => r.type)).toEqual(['mover', 'joiner']);
    expect(next).not.toHaveProperty('nextCursor');
  });

  it.each([
    ['type=hire', /"type"/],
    ['since=yesterday', /"since"/],
    ['limit=0', /"limit"/],
    ['requestId=', /"requestId"/],
    ['bogus=1', /Unknown query parameter "bogus"/],
  ])('GET /events?%s is a 400 naming the parameter', async (query, detail) => {
    const res = await h.get(`/console/api/events?${query}`, session).expect(400);
    expect(res.body).toEqual({ error: 'Bad Request', detail: expect.stringMatching(detail) });
  });

  it('GET /events.csv holds exactly the filtered records, every page, as the CLI renders them', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => record(`2025-03-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`, { type: 'mover', ...bob, requestId: 'req-bulk' }));
    await h.audit.append(many);
    const res = await h.get('/console/api/events.csv?requestId=req-bulk&limit=5', session).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=journal.csv');
    expect(res.headers['cache-control']).toBe('no-store');
    // More than one store page (1000), newest first, the table's limit ignored.
    expect(res.text).toBe(renderCsv([...many].reverse()));
    expect(res.text.split('\r\n')).toHaveLength(1203 + 2);

    const filtered = await h.get('/console/api/events.csv?user=alice@example.com&type=mover,joiner', session).expect(200);
    const ids = JOURNAL.filter((r) => r.userName === 'alice@example.com' && (r.type === 'mover' || r.type === 'joiner')).reverse();
    expect(filtered.text).toBe(renderCsv(ids));
    await h.get('/console/api/events.csv?outcome=nope', session).expect(400);
  });

  it('GET /drift lists open drift; POST /drift/acknowledge journals it under the session label and closes it', async () => {
    await h.drift.put(openDrift());
    const listed = (await h.get('/console/api/drift', session).expect(200)).body;
    expect(listed).toEqual({ drift: [openDrift()], totalResults: 1 });
    h.advance(60_000);
    await post('/console/api/drift/acknowledge').send({ resourceType: 'User', resourceId: ALICE, key: 'jobTitle' }).expect(204);
    expect((await h.get('/console/api/drift', session).expect(200)).body.drift).toEqual([]);
    const [ack] = (await h.audit.query({ type: 'drift' })).records;
    expect(ack).toMatchObject({
      type: 'drift', outcome: 'succeeded', resourceType: 'User', scimId: ALICE, userName: 'alice@example.com',
      changes: [{ attribute: 'title', jumpcloudField: 'jobTitle', before: 'Lead', after: 'Principal' }],
      acknowledges: 'drift-audit-1', time: '2025-03-15T12:01:00.000Z', jumpcloudCalls: [],
      client: expect.stringMatching(/^console:[0-9a-f]{8}$/),
    });
    expect(JSON.stringify(ack)).not.toContain(session.cookie.split('=')[1]);
    // Twice: nothing open any more.
    await post('/console/api/drift/acknowledge').send({ resourceType: 'User', resourceId: ALICE, key: 'jobTitle' }).expect(404);
    await post('/console/api/drift/acknowledge').send({ resourceType: 'Computer', resourceId: ALICE, key: 'jobTitle' }).expect(400);
    await post('/console/api/drift/acknowledge').send({ resourceType: 'User', key: 'jobTitle' }).expect(400);
  });

  it('GET /people/search finds by userName, e-mail and id, in the journal and in JumpCloud', async () => {
    const byName = (await h.get('/console/api/people/search?q=alice@example.com', session).expect(200)).body;
    expect(byName).toEqual({ people: [{ id: ALICE, userName: 'alice@example.com', email: 'alice@example.com' }] });
    const byId = (await h.get(`/console/api/people/search?q=${BOB}`, session).expect(200)).body;
    expect(byId.people).toEqual([{ id: BOB, userName: 'bob@example.com', email: 'bob@example.com' }]);
    // Only in the journal (deleted in JumpCloud): still found, without an e-mail.
    const deleted = (await h.get(`/console/api/people/search?q=${encodeURIComponent(carol.userName)}`, session).expect(200)).body;
    expect(deleted.people).toEqual([{ id: CAROL, userName: carol.userName, email: '' }]);
    expect((await h.get('/console/api/people/search?q=nobody@example.com', session).expect(200)).body).toEqual({ people: [] });
    await h.get('/console/api/people/search', session).expect(400);
  });

  it('GET /people/:id: history oldest first, the live JumpCloud view, what the bridge last wrote, and the differences', async () => {
    const body = (await h.get(`/console/api/people/${ALICE}`, session).expect(200)).body;
    expect(body.id).toBe(ALICE);
    expect(body.history.map((r: AuditRecord) => r.type)).toEqual(['joiner', 'mover', 'entitlement_add', 'entitlement_remove']);
    expect(body.jumpcloud).toMatchObject({ id: ALICE, userName: 'alice@example.com', title: 'Principal' });
    expect(body.lastWritten).toEqual({ title: 'Lead', displayName: 'Alice A' });
    expect(body.differences).toEqual([{ attribute: 'title', jumpcloud: 'Principal', lastWritten: 'Lead' }]);

    const gone = (await h.get(`/console/api/people/${CAROL}`, session).expect(200)).body;
    expect(gone).toMatchObject({ id: CAROL, jumpcloud: null, differences: [] });
    expect(gone).not.toHaveProperty('jumpcloudUnavailable');
    await h.get('/console/api/people/65c0000000000000000000ff', session).expect(404);
  });

  it('with JumpCloud unreachable: the person view keeps the history (jumpcloudUnavailable), the overview says pending unknown (null)', async () => {
    await h.stopJumpCloud();
    const person = (await h.get(`/console/api/people/${ALICE}`, session).expect(200)).body;
    expect(person).toMatchObject({ id: ALICE, jumpcloud: null, jumpcloudUnavailable: true, lastWritten: { title: 'Lead' }, differences: [] });
    expect(person.history).toHaveLength(4);
    const overview = (await h.get('/console/api/overview', session).expect(200)).body;
    expect(overview.pendingActivations).toBeNull();
    expect(overview.today.mover).toBe(1);
    // Search still answers the journal's matches.
    expect((await h.get('/console/api/people/search?q=alice@example.com', session).expect(200)).body.people).toEqual([{ id: ALICE, userName: 'alice@example.com', email: '' }]);
  });

  it('GET /pending-activations answers the admin API body', async () => {
    const body = (await h.get('/console/api/pending-activations', session).expect(200)).body;
    expect(body).toEqual({ pendingActivations: [{ id: BOB, userName: 'bob@example.com', email: 'bob@example.com', since: '2025-03-01T00:00:00.000Z', activationEmail: 'unknown' }], totalResults: 1 });
  });
});
