import { EMPTY_FILTERS, EVENT_OUTCOMES, EVENT_TYPES, eventsCsvUrl, eventsUrl, filtersFromQuery } from '../../console/src/event-filters';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from '../../src/lifecycle/audit-record';

describe('console event filters', () => {
  it('offers exactly the journal vocabulary (the browser build cannot import it, so this keeps the copy honest)', () => {
    expect([...EVENT_TYPES]).toEqual([...AUDIT_EVENT_TYPES]);
    expect([...EVENT_OUTCOMES]).toEqual([...AUDIT_OUTCOMES]);
  });

  it('builds the table URL and the CSV URL from the same filters, leaving empty ones out', () => {
    const filters = { ...EMPTY_FILTERS, type: 'mover', user: '  ada@example.com ', since: '2025-03-01', requestId: 'req-1' };
    expect(eventsUrl(filters)).toBe('api/events?type=mover&user=ada%40example.com&since=2025-03-01&requestId=req-1');
    expect(eventsCsvUrl(filters)).toBe('api/events.csv?type=mover&user=ada%40example.com&since=2025-03-01&requestId=req-1');
    expect(eventsUrl(EMPTY_FILTERS)).toBe('api/events');
    expect(eventsCsvUrl(EMPTY_FILTERS)).toBe('api/events.csv');
    // With tenants, the same query under the tenant's data routes.
    expect(eventsUrl(filters, 'c1', 'api/tenants/acme/')).toBe('api/tenants/acme/events?type=mover&user=ada%40example.com&since=2025-03-01&requestId=req-1&cursor=c1');
    expect(eventsCsvUrl(EMPTY_FILTERS, 'api/tenants/acme/')).toBe('api/tenants/acme/events.csv');
  });

  it('pages the table with the cursor, never the CSV (which holds every filtered record)', () => {
    const filters = { ...EMPTY_FILTERS, outcome: 'failed' };
    expect(eventsUrl(filters, 'abc/+=')).toBe('api/events?outcome=failed&cursor=abc%2F%2B%3D');
    expect(eventsCsvUrl(filters)).not.toContain('cursor');
  });

  it('encodes hostile text so it stays one parameter value', () => {
    const url = eventsUrl({ ...EMPTY_FILTERS, user: '<img src=x onerror=alert(1)>@example.com&type=delete' });
    const query = new URLSearchParams(url.slice(url.indexOf('?') + 1));
    expect([...query.keys()]).toEqual(['user']);
    expect(query.get('user')).toBe('<img src=x onerror=alert(1)>@example.com&type=delete');
  });

  it('reads filters back from a route query, ignoring what it does not know', () => {
    expect(filtersFromQuery(new URLSearchParams('user=ada&requestId=r1&cursor=x&evil=1'))).toEqual({ ...EMPTY_FILTERS, user: 'ada', requestId: 'r1' });
  });
});
