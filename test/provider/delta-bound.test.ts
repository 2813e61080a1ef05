import { deltaBoundOf, withinBound } from '../../src/provider/delta-query';
import { parseFilter } from '../../src/scim/filter';
import cases from './delta-bound.cases.json';

interface Case {
  name: string;
  kind: 'User' | 'Group';
  filter: string;
  since?: string;
  inclusive?: boolean;
  bound?: null;
}

describe('deltaBoundOf: the meta.lastModified bound of a filter', () => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const bound = deltaBoundOf(parseFilter(c.filter), c.kind);
    if (c.bound === null) expect(bound).toBeUndefined();
    else expect(bound && { since: bound.since.toISOString(), inclusive: bound.inclusive }).toEqual({ since: c.since, inclusive: c.inclusive });
  });
});

describe('withinBound', () => {
  const since = new Date('2026-11-28T10:00:00.000Z');
  it.each([
    ['2026-11-28T10:00:00.001Z', false, true],
    ['2026-11-28T10:00:00.000Z', false, false],
    ['2026-11-28T10:00:00.000Z', true, true],
    ['2026-11-28T09:59:59.999Z', true, false],
    ['2026-11-28T12:00:00+02:00', true, true],
    ['', true, false],
    [undefined, true, false],
  ])('%s (inclusive %s) -> %s', (time, inclusive, expected) => {
    expect(withinBound(time, { since, inclusive })).toBe(expected);
  });
});
