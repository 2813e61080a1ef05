import { compileSort } from '../../../src/scim/list/compile-sort';
import { compareCodePoints } from '../../../src/scim/list/compare-values';
import type { SortOrder } from '../../../src/scim/list/list-params';
import { ScimError } from '../../../src/scim/scim-error';
import type { ScimResource } from '../../../src/scim/scim-urns';
import { userResourceType } from '../support/user-resource-type';
import table from './compile-sort.cases.json';

interface SortCase {
  name: string;
  sortBy?: string;
  sortOrder?: SortOrder;
  expectIds?: string[];
  error?: string;
}

const resourceType = userResourceType();
const resources = table.resources as ScimResource[];

describe('compileSort (RFC 7644 §3.4.2.3)', () => {
  it.each((table.cases as SortCase[]).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const run = () => compileSort(row.sortBy, row.sortOrder ?? 'ascending', resourceType);
    if (row.error) {
      expect(run).toThrow();
      expect(run).toThrow(row.error);
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ScimError);
        expect((error as ScimError).status).toBe(400);
        expect((error as ScimError).scimType).toBe('invalidValue');
      }
      return;
    }
    const sorted = [...resources].sort(run());
    expect(sorted.map((resource) => resource.id)).toEqual(row.expectIds);
    // The order must not depend on the input order.
    expect([...resources].reverse().sort(run()).map((resource) => resource.id)).toEqual(row.expectIds);
  });
});

describe('compareCodePoints', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a', 'ab', -1],
    ['', 'a', -1],
    ['Z', 'a', -1],
    // U+FF5E (BMP, above the surrogates) sorts before U+1F600 by code point, not by UTF-16 unit.
    ['\uff5e', '\u{1f600}', -1],
  ])('%s vs %s', (a, b, expected) => {
    expect(compareCodePoints(a, b)).toBe(expected);
  });
});
