import { flattenResource, formatDuration, formatValue } from '../../console/src/format';
import { hashFor, routeFromHash } from '../../console/src/routes';

describe('console hash routes', () => {
  it('reads the page and its query, and sends anything unknown to the overview', () => {
    const route = routeFromHash('#/person?id=abc&q=ada%40example.com');
    expect(route.page).toBe('person');
    expect(route.query.get('q')).toBe('ada@example.com');
    expect(routeFromHash('#/drift').page).toBe('drift');
    expect(['', '#', '#/', '#/nope', '#/constructor'].map((hash) => routeFromHash(hash).page)).toEqual(['overview', 'overview', 'overview', 'overview', 'overview']);
  });

  it('writes hashes that read back the same', () => {
    const hash = hashFor('events', { user: 'a b&c' });
    expect(hash).toBe('#/events?user=a+b%26c');
    expect(routeFromHash(hash).query.get('user')).toBe('a b&c');
    expect(hashFor('pending')).toBe('#/pending');
  });
});

describe('console text formatting', () => {
  it('shows values as text, with absent ones named', () => {
    expect([formatValue(undefined), formatValue(null), formatValue('x'), formatValue(3), formatValue(false), formatValue({ a: [1] })]).toEqual(['(unset)', '(unset)', 'x', '3', 'false', '{"a":[1]}']);
  });

  it('shows durations in days, hours and minutes', () => {
    expect([42, 60, 3599, 3600, 90061].map(formatDuration)).toEqual(['42s', '1m', '59m', '1h 0m', '1d 1h 1m']);
  });

  it('flattens a SCIM resource into attribute paths', () => {
    expect(flattenResource({ userName: 'ada', name: { givenName: 'Ada' }, emails: [{ value: 'a@x', primary: true }], groups: [], meta: {} })).toEqual([
      ['userName', 'ada'],
      ['name.givenName', 'Ada'],
      ['emails[0].value', 'a@x'],
      ['emails[0].primary', true],
      ['groups', []],
      ['meta', {}],
    ]);
  });
});
