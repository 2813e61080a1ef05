import nock from 'nock';
import { DEFAULT_TIMING, type CalibrationSession } from '../../src/calibrate/calibration-session';
import { awaitEvents, type InsightsEvent } from '../../src/calibrate/insights-reader';
import { Ledger } from '../../src/calibrate/ledger';
import { TempNames } from '../../src/calibrate/temp-names';
import { WireClient } from '../../src/calibrate/wire-client';

const DI = 'https://api.jumpcloud.com';
const SINCE = '2026-12-03T07:00:00.000Z';

function session(timing: Partial<CalibrationSession['timing']>, sleeps: number[]): CalibrationSession {
  return {
    wire: new WireClient({ apiKey: 'insights-test-key', region: 'us', timeoutMs: 2000 }),
    names: new TempNames('jcsbcaltest01'),
    ledger: new Ledger(),
    timing: { ...DEFAULT_TIMING, ...timing },
    eventsSince: SINCE,
    stopped: () => false,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

const userCreate = (events: InsightsEvent[]) => events.find((event) => event.event_type === 'user_create');

describe('awaitEvents: reading the run\'s own events back from Directory Insights', () => {
  it('pages with search_after until X-Result-Count < X-Limit', async () => {
    const scope = nock(DI)
      .post('/insights/directory/v1/events', (body) => body.start_time === SINCE && body.search_after === undefined && body.sort === 'ASC')
      .reply(200, [{ event_type: 'group_create' }, { event_type: 'user_update' }], { 'X-Result-Count': '2', 'X-Limit': '2', 'X-Search_after': '[1764745200000,"e2"]' })
      .post('/insights/directory/v1/events', (body) => JSON.stringify(body.search_after) === '[1764745200000,"e2"]')
      .reply(200, [{ event_type: 'user_create', resource: { id: 'u1' } }], { 'X-Result-Count': '1', 'X-Limit': '2', 'X-Search_after': '[1764745201000,"e3"]' });
    const sleeps: number[] = [];
    const found = await awaitEvents(session({ eventWaitMs: 0 }, sleeps), { userCreate });
    expect(found.userCreate).toEqual({ event_type: 'user_create', resource: { id: 'u1' } });
    expect(sleeps).toEqual([]);
    scope.done();
  });

  it('polls until the event appears (DI may take seconds on a real org)', async () => {
    const scope = nock(DI)
      .post('/insights/directory/v1/events')
      .times(2)
      .reply(200, [], { 'X-Result-Count': '0', 'X-Limit': '1000', 'X-Search_after': '[]' })
      .post('/insights/directory/v1/events')
      .reply(200, [{ event_type: 'user_create' }], { 'X-Result-Count': '1', 'X-Limit': '1000', 'X-Search_after': '[1,"a"]' });
    const sleeps: number[] = [];
    const found = await awaitEvents(session({ eventWaitMs: 60_000, pollIntervalMs: 250 }, sleeps), { userCreate });
    expect(found.userCreate).toEqual({ event_type: 'user_create' });
    expect(sleeps).toEqual([250, 250]);
    scope.done();
  });

  it('gives up after the event wait, answering what it found', async () => {
    const scope = nock(DI).post('/insights/directory/v1/events').reply(200, [{ event_type: 'user_create' }], { 'X-Result-Count': '1', 'X-Limit': '1000' });
    const sleeps: number[] = [];
    const found = await awaitEvents(session({ eventWaitMs: 100, pollIntervalMs: 250 }, sleeps), {
      userCreate,
      association: (events) => events.find((event) => event.event_type === 'association_change'),
    });
    expect(found).toEqual({ userCreate: { event_type: 'user_create' } });
    expect(sleeps).toEqual([]);
    scope.done();
  });

  it('a refused read is an error naming the status, not JumpCloud\'s words', async () => {
    nock(DI).post('/insights/directory/v1/events').reply(500, { message: 'internal stack trace here' });
    await expect(awaitEvents(session({ eventWaitMs: 0 }, []), { userCreate })).rejects.toThrow(/^reading Directory Insights answered HTTP 500 \(try again later\)$/);
  });
});
