import { compileSort } from '../../../src/scim/list/compile-sort';
import { TopK } from '../../../src/scim/list/top-k';
import type { ScimResource } from '../../../src/scim/scim-urns';
import { userResourceType } from '../support/user-resource-type';
import { seededRandom } from '../../support/seeded-random';


function users(n: number, seed: number): ScimResource[] {
  const next = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    schemas: [],
    id: `id-${String(i).padStart(5, '0')}`,
    // Few distinct names, so ties (broken by id) are common.
    userName: `user${Math.floor(next() * 50)}`,
    ...(next() < 0.2 ? {} : { name: { familyName: String.fromCharCode(65 + Math.floor(next() * 26)) } }),
  }));
}

const byNumber = (a: number, b: number) => a - b;

describe('TopK', () => {
  it('keeps only the best `limit` items and counts everything offered', () => {
    const collector = new TopK<number>(3, byNumber);
    collector.offerAll([9, 1, 8, 2, 7, 3, 6]);
    expect(collector.items()).toEqual([1, 2, 3]);
    expect(collector.seen).toBe(7);
  });

  it('holds no more than its limit at any time', () => {
    const collector = new TopK<number>(5, byNumber);
    for (let i = 1000; i > 0; i -= 1) {
      collector.offer(i);
      expect(collector.items().length).toBeLessThanOrEqual(5);
    }
    expect(collector.items()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps nothing for count=0 but still counts totalResults', () => {
    const collector = TopK.forPage<number>({ startIndex: 1, count: 0 }, byNumber);
    collector.offerAll([3, 2, 1]);
    expect(collector.page(1, 0)).toEqual([]);
    expect(collector.seen).toBe(3);
  });

  it('returns a page past the end as empty', () => {
    const collector = TopK.forPage<number>({ startIndex: 11, count: 5 }, byNumber);
    collector.offerAll([1, 2, 3]);
    expect(collector.page(11, 5)).toEqual([]);
  });

  it('without a comparator keeps the first items in stream order', () => {
    const collector = new TopK<number>(3);
    collector.offerAll([5, 1, 4, 2, 3]);
    expect(collector.items()).toEqual([5, 1, 4]);
    expect(collector.page(2, 5)).toEqual([1, 4]);
    expect(collector.seen).toBe(5);
  });

  it.each<[string, { startIndex: number; count: number }, number]>([
    ['the first page', { startIndex: 1, count: 10 }, 20_000],
    ['a page in the middle', { startIndex: 10_001, count: 10 }, 20_000],
    ['a page running past the end', { startIndex: 19_995, count: 10 }, 20_000],
    ['a page past the end', { startIndex: 40_000, count: 10 }, 20_000],
    ['a page beyond 2^53 less the count', { startIndex: Number.MAX_SAFE_INTEGER - 9, count: 10 }, 1_000],
  ])('without a comparator, forPage holds only %s while the stream passes, never what precedes it', (_name, page, streamed) => {
    const collector = TopK.forPage<number>(page);
    let held = 0;
    for (let item = 1; item <= streamed; item += 1) {
      collector.offer(item);
      if (item % 100 === 0) held = Math.max(held, collector.items().length);
    }
    expect(held).toBeLessThanOrEqual(page.count);
    expect(collector.seen).toBe(streamed);
    const from = Math.min(page.startIndex, streamed + 1);
    expect(collector.page(page.startIndex, page.count)).toEqual(Array.from({ length: Math.max(0, Math.min(page.count, streamed - from + 1)) }, (_, i) => from + i));
  });

  it('refuses a skip with a comparator (any later item may still belong before the page)', () => {
    expect(() => new TopK<number>(3, byNumber, 2)).toThrow(/skip/);
  });

  it('refuses a bad limit', () => {
    expect(() => new TopK<number>(-1, byNumber)).toThrow(/limit/);
    expect(() => new TopK<number>(1.5, byNumber)).toThrow(/limit/);
  });

  it.each([
    ['userName', 'ascending'],
    ['userName', 'descending'],
    ['name.familyName', 'ascending'],
    ['name.familyName', 'descending'],
  ] as const)('pages of a streamed sort by %s %s equal slices of a full sort, with no overlap or gap', (sortBy, order) => {
    const all = users(1000, 7);
    const compare = compileSort(sortBy, order, userResourceType());
    const expected = [...all].sort(compare).map((user) => String(user.id));
    const seenIds: string[] = [];
    for (let startIndex = 1; startIndex <= all.length; startIndex += 97) {
      const collector = TopK.forPage<ScimResource>({ startIndex, count: 97 }, compare);
      // Stream in backend pages of 100, as the bridge reads JumpCloud.
      for (let offset = 0; offset < all.length; offset += 100) collector.offerAll(all.slice(offset, offset + 100));
      expect(collector.seen).toBe(all.length);
      const page = collector.page(startIndex, 97).map((user) => String(user.id));
      expect(page).toEqual(expected.slice(startIndex - 1, startIndex - 1 + 97));
      seenIds.push(...page);
    }
    expect(seenIds).toEqual(expected);
  });
});
