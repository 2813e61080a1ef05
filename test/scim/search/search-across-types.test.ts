import { listResponse, type ListResponse } from '../../../src/scim/list';
import { ScimError } from '../../../src/scim/scim-error';
import { searchAcrossTypes, type TypeSearcher } from '../../../src/scim/search';

const PAGING = { defaultCount: 100, maxCount: 1000 };

/** A type with `items`, index-paged; records each query; refuses filters naming `refuse`. */
function searcher(resourceType: string, items: string[], calls: string[], refuse?: string): TypeSearcher<string> {
  return {
    resourceType,
    list: async (query): Promise<ListResponse<string>> => {
      calls.push(`${resourceType}:${String(query.startIndex)}+${String(query.count)}`);
      if (refuse && typeof query.filter === 'string' && query.filter.includes(refuse)) throw ScimError.of('invalidFilter', `unknown attribute ${refuse}`);
      const start = Number(query.startIndex);
      return listResponse(items.slice(start - 1, start - 1 + Number(query.count)), { totalResults: items.length, startIndex: start });
    },
  };
}

const USERS = ['u1', 'u2', 'u3'];
const GROUPS = ['g1', 'g2'];

describe('searchAcrossTypes (root search)', () => {
  it.each<[string, Record<string, string>, string[], string[]]>([
    ['everything, Users then Groups', {}, ['u1', 'u2', 'u3', 'g1', 'g2'], ['User:1+100', 'Group:1+97']],
    ['a window inside Users', { startIndex: '2', count: '1' }, ['u2'], ['User:2+1', 'Group:1+0']],
    ['a window spanning both types', { startIndex: '3', count: '2' }, ['u3', 'g1'], ['User:3+2', 'Group:1+1']],
    ['a window inside Groups', { startIndex: '5', count: '10' }, ['g2'], ['User:5+10', 'Group:2+10']],
    ['past the end', { startIndex: '9', count: '2' }, [], ['User:9+2', 'Group:6+2']],
    ['count 0: totals only', { count: '0' }, [], ['User:1+0', 'Group:1+0']],
  ])('%s', async (_name, query, expected, expectedCalls) => {
    const calls: string[] = [];
    const page = await searchAcrossTypes(query, [searcher('User', USERS, calls), searcher('Group', GROUPS, calls)], PAGING);
    expect(page.Resources).toEqual(expected);
    expect(page.totalResults).toBe(5);
    expect(page.startIndex).toBe(Number(query.startIndex ?? 1));
    expect(calls).toEqual(expectedCalls);
  });

  it('a filter on an attribute one type lacks matches nothing of that type', async () => {
    const page = await searchAcrossTypes({ filter: 'userName pr' }, [searcher('User', USERS, []), searcher('Group', GROUPS, [], 'userName')], PAGING);
    expect(page).toMatchObject({ totalResults: 3, Resources: USERS });
  });

  it('a filter every type refuses is refused', async () => {
    await expect(searchAcrossTypes({ filter: 'bogus pr' }, [searcher('User', USERS, [], 'bogus'), searcher('Group', GROUPS, [], 'bogus')], PAGING)).rejects.toMatchObject({ scimType: 'invalidFilter' });
  });

  it.each([
    ['sortBy', { sortBy: 'id' }, /sortBy is not supported by a root-level search/],
    ['cursor', { cursor: '' }, /Cursor paging is not supported by a root-level search/],
    ['a bad count, as GET would', { count: 'ten' }, /'count' must be an integer/],
  ])('refuses %s with 400 invalidValue', async (_name, query, detail) => {
    const calls: string[] = [];
    await expect(searchAcrossTypes(query, [searcher('User', USERS, calls)], PAGING)).rejects.toMatchObject({ status: 400, scimType: 'invalidValue', message: expect.stringMatching(detail) });
    expect(calls).toEqual([]);
  });
});
