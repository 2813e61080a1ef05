import fc from 'fast-check';
import { hostileOrLongString, hostileString } from './hostile-values';

const ATTRIBUTES = [
  'userName',
  'name.givenName',
  'emails.value',
  'emails[type eq "work"].value',
  'displayName',
  'active',
  'meta.lastModified',
  'meta.created',
  'id',
  'externalId',
  'members.value',
  'members',
  'groups.value',
  'title',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName',
  'phoneNumbers[type eq "mobile"]',
  'x',
  'name..givenName',
  'emails[',
  '$ref',
];
const OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'Eq', 'like', 'in', '==', '', 'regex', 'and', 'or', 'not'];

/** A value as it appears in a filter: quoted strings (escaped or not), numbers, literals, garbage. */
const filterValue: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((text) => JSON.stringify(text)),
  hostileString.map((text) => `"${text}"`),
  fc.constantFrom('true', 'false', 'null', '1', '-1.5e3', '1e400', '9007199254740993', '"2024-01-01T00:00:00Z"', '"2024-13-45T99:99:99Z"', '"1970-01-01T00:00:00Z"', '"aaaaaaaaaaaaaaaaaaaaaaaa"', '"64a1b2c3d4e5f6a7b8c9d0e1"'),
  hostileString,
);

/** One comparison, sometimes well formed. */
const comparison: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.constantFrom(...ATTRIBUTES), hostileString), fc.constantFrom(...OPERATORS), filterValue)
  .map(([path, op, value]) => (op === 'pr' ? `${path} pr` : `${path} ${op} ${value}`));

/** Filters from the SCIM grammar with random mutations: deep, long, unbalanced, unknown operators. */
export const hostileFilter: fc.Arbitrary<string> = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: comparison, weight: 5 },
    { arbitrary: fc.tuple(tie('filter'), fc.constantFrom(' and ', ' or ', ' AND ', ' xor ', ' '), tie('filter')).map(([a, join, b]) => `${a}${join}${b}`), weight: 2 },
    { arbitrary: tie('filter').map((inner) => `(${inner})`), weight: 1 },
    { arbitrary: tie('filter').map((inner) => `not (${inner})`), weight: 1 },
    { arbitrary: tie('filter').map((inner) => `emails[${inner}]`), weight: 1 },
  ),
})).filter
  .chain((filter) =>
    fc.oneof(
      { arbitrary: fc.constant(filter), weight: 6 },
      // Unbalance it, cut it, or nest it far beyond the depth limit.
      { arbitrary: fc.constantFrom(`(${filter}`, `${filter})`, `${filter}]`, filter.slice(0, Math.floor(filter.length / 2)), `${'('.repeat(40)}${filter}${')'.repeat(40)}`, `${'not ('.repeat(500)}${filter}`), weight: 2 },
      { arbitrary: hostileOrLongString, weight: 1 },
    ),
  );
