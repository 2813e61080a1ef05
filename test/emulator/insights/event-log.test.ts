import type { ObjectEventType } from '../../../emulator/context';
import { DEFAULT_OPTIONS } from '../../../emulator/default-options';
import { EventLog, RETENTION_MS } from '../../../emulator/insights/event-log';
import { parseEventQuery } from '../../../emulator/insights/event-query';
import { InMemoryMutationBus } from '../../../emulator/mutation-bus';

const options = { ...DEFAULT_OPTIONS, apiKey: 'k' };

function setup(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  let clock = start;
  const bus = new InMemoryMutationBus();
  const log = new EventLog({ bus, now: () => new Date(clock), options });
  const publish = (id: string, eventType: ObjectEventType = 'user_update') =>
    bus.publish({
      eventType,
      resource: { type: 'user', id, username: `u${id}` },
      actor: { authMethod: 'api-key', initiatedBy: { type: 'admin', id: 'a1', email: 'admin@example.com' }, clientIp: '::ffff:10.0.0.9', userAgent: 'axios/1.7.2' },
      changes: [{ field: 'firstname', from: 'A', to: 'B' }],
    });
  return {
    log,
    publish,
    setClock: (ms: number) => {
      clock = ms;
    },
    now: () => new Date(clock),
  };
}

describe('EventLog', () => {
  it('renders a mutation as a DI directory event', () => {
    const { log, publish } = setup();
    publish('u1');
    const [event] = log.query(parseEventQuery({ service: ['directory'], start_time: '2025-12-01T00:00:00Z' }, new Date('2026-01-01T00:00:00Z'))).events;
    expect(event).toEqual({
      '@version': '1',
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      event_type: 'user_update',
      service: 'directory',
      organization: expect.stringMatching(/^[0-9a-f]{24}$/),
      timestamp: '2026-01-01T00:00:00.000Z',
      initiated_by: { type: 'admin', id: 'a1', email: 'admin@example.com' },
      resource: { type: 'user', id: 'u1', username: 'uu1' },
      changes: [{ field: 'firstname', from: 'A', to: 'B' }],
      auth_method: 'api-key',
      client_ip: '10.0.0.9',
      geoip: { country_code: '', timezone: 'UTC', region_code: '', region_name: '', continent_code: '', latitude: 0, longitude: 0 },
      useragent: expect.objectContaining({ name: 'axios', major: '1', minor: '7', patch: '2' }),
      provider: null,
      correlation: {},
      message_chain: {},
      success: true,
    });
  });

  it('binary-searches the time window instead of scanning the log', () => {
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    const { log, publish, setClock } = setup(t0);
    for (let i = 0; i < 20_000; i += 1) {
      setClock(t0 + i * 1000);
      publish(`u${i}`);
    }
    const now = new Date(t0 + 20_000 * 1000);
    const start = new Date(t0 + 15_000 * 1000).toISOString();
    const end = new Date(t0 + 15_009 * 1000).toISOString();
    const page = log.query(parseEventQuery({ service: ['directory'], start_time: start, end_time: end }, now));
    expect(page.events).toHaveLength(10); // end_time is inclusive
    expect(page.examined).toBe(10);
    // A cursor deep in the log is found by binary search too.
    const next = log.query(parseEventQuery({ service: ['directory'], start_time: start, limit: 5, search_after: page.searchAfter }, now));
    expect(next.examined).toBe(5);
    expect(next.events[0]?.resource).toEqual(expect.objectContaining({ id: 'u15010' }));
  });

  it('keeps events in time order when the clock goes backwards', () => {
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    const { log, publish, setClock } = setup(t0);
    setClock(t0 + 2000);
    publish('late');
    setClock(t0 + 1000);
    publish('early');
    const page = log.query(parseEventQuery({ service: ['directory'], start_time: '2025-12-31T00:00:00Z' }, new Date(t0 + 5000)));
    expect(page.events.map((e) => (e.resource as { id: string }).id)).toEqual(['early', 'late']);
  });

  it('drops events older than 90 days', () => {
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    const { log, publish, setClock } = setup(t0);
    publish('old');
    setClock(t0 + 10 * 24 * 3600 * 1000);
    publish('newer');
    expect(log.count()).toBe(2);
    setClock(t0 + RETENTION_MS + 1);
    expect(log.count()).toBe(1);
    log.clear();
    expect(log.count()).toBe(0);
  });

  it('stops recording after close', () => {
    const { log, publish } = setup();
    log.close();
    publish('u1');
    expect(log.count()).toBe(0);
  });
});
