import { EmulatorHttpError } from '../../../emulator/context';
import { parseEventQuery } from '../../../emulator/insights/event-query';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const base = { service: ['directory'], start_time: '2026-02-01T00:00:00Z' };

function statusOf(body: unknown): number | undefined {
  try {
    parseEventQuery(body, NOW);
    return undefined;
  } catch (error) {
    return error instanceof EmulatorHttpError ? error.status : -1;
  }
}

describe('DI query parsing', () => {
  it('applies the documented defaults: limit 1000, sort ASC', () => {
    const query = parseEventQuery(base, NOW);
    expect(query).toMatchObject({ includesDirectory: true, limit: 1000, sort: 'ASC', endMs: undefined, searchAfter: undefined });
    expect(query.startMs).toBe(Date.parse('2026-02-01T00:00:00Z'));
  });

  it.each([
    [{ limit: 5 }, 5],
    [{ limit: 10000 }, 10000],
    [{ limit: 20000 }, 10000],
    [{ limit: 0 }, 1000],
    [{ limit: -3 }, 1000],
    [{ limit: 'ten' }, 1000],
    [{ limit: 2.5 }, 1000],
  ])('limit %j -> %d (nonsense means the default, over 10,000 is capped)', (extra, limit) => {
    expect(parseEventQuery({ ...base, ...extra }, NOW).limit).toBe(limit);
  });

  it.each([
    ['desc', 'DESC'],
    ['DESC', 'DESC'],
    ['asc', 'ASC'],
    ['sideways', 'ASC'],
  ])('sort %s -> %s', (sort, expected) => {
    expect(parseEventQuery({ ...base, sort }, NOW).sort).toBe(expected);
  });

  it('treats service all as including directory, other services as not', () => {
    expect(parseEventQuery({ ...base, service: ['all'] }, NOW).includesDirectory).toBe(true);
    expect(parseEventQuery({ ...base, service: ['radius'] }, NOW).includesDirectory).toBe(false);
  });

  it('accepts search_after with the millis as a number or a string', () => {
    expect(parseEventQuery({ ...base, search_after: [1700000000000, 'abc'] }, NOW).searchAfter).toEqual([1700000000000, 'abc']);
    expect(parseEventQuery({ ...base, search_after: ['1700000000000', 'abc'] }, NOW).searchAfter).toEqual([1700000000000, 'abc']);
  });

  it.each([
    [null, 'not an object'],
    [{ start_time: base.start_time }, 'service missing'],
    [{ ...base, service: [] }, 'service empty'],
    [{ ...base, service: ['nope'] }, 'unknown service'],
    [{ service: ['directory'] }, 'start_time missing'],
    [{ ...base, start_time: '2026-02-01' }, 'start_time not RFC 3339'],
    [{ ...base, start_time: 'yesterday' }, 'start_time garbage'],
    [{ ...base, start_time: '2026-04-01T00:00:00Z' }, 'start_time in the future'],
    [{ ...base, end_time: '2026-01-01T00:00:00Z' }, 'end_time before start_time'],
    [{ ...base, end_time: 'later' }, 'end_time garbage'],
    [{ ...base, search_after: 'abc' }, 'search_after not an array'],
    [{ ...base, search_after: [1, 2, 3] }, 'search_after wrong length'],
    [{ ...base, fields: [] }, 'fields empty'],
    [{ ...base, fields: ['nothing_known'] }, 'fields none known'],
    [{ ...base, search_term: { xor: [] } }, 'bad search_term'],
  ])('%j is a 400 (%s)', (body, _why) => {
    expect(statusOf(body)).toBe(400);
  });

  it('accepts offsets and fractions in RFC 3339', () => {
    expect(parseEventQuery({ ...base, start_time: '2026-02-01T01:00:00.250+01:00' }, NOW).startMs).toBe(Date.parse('2026-02-01T00:00:00.250Z'));
  });
});
