import { listResponse, parseListParams, type ListResponse, type PagingConfig } from '../list';
import { ScimError } from '../scim-error';

/** One resource type's index-paged list, as its provider serves `GET /<Endpoint>`. */
export interface TypeSearcher<T> {
  resourceType: string;
  list(query: Record<string, unknown>): Promise<ListResponse<T>>;
}

/**
 * Root-level search (RFC 7644 §3.4.2.1, §3.4.3: `GET /` or `POST /.search`) over several
 * resource types. The result set is the concatenation of each type's results in the order the
 * searchers are given (Users, then Groups), each in its own stable order; `totalResults` is the
 * sum and `startIndex`/`count` page over the concatenation, so a client paging 1, 1+count, ...
 * sees every resource once. Each type is asked only for the part of the window it holds (a
 * type wholly before the window costs one count-only request).
 *
 * A filter naming an attribute one type does not define matches nothing of that type (it is
 * unassigned there); only when every type refuses the filter is the refusal returned.
 * `sortBy` and `cursor` are refused: a sort across types with different attributes and a
 * cursor over several providers are not offered (search the type's own endpoint instead).
 *
 * @throws ScimError 400 `invalidValue` for sortBy or cursor, or the list parameters' own errors.
 */
export async function searchAcrossTypes<T>(query: Record<string, unknown>, searchers: TypeSearcher<T>[], paging: PagingConfig): Promise<ListResponse<T>> {
  const params = parseListParams(query, paging);
  if (params.sortBy) throw ScimError.of('invalidValue', "sortBy is not supported by a root-level search across resource types; search /Users/.search or /Groups/.search to sort.");
  if (Object.keys(query).some((key) => key.toLowerCase() === 'cursor')) {
    throw ScimError.of('invalidValue', "Cursor paging is not supported by a root-level search across resource types; page it with startIndex, or search /Users/.search or /Groups/.search with a cursor.");
  }
  const resources: T[] = [];
  let totalResults = 0;
  let skip = params.startIndex - 1;
  let remaining = params.count;
  let refusal: ScimError | undefined;
  let refusals = 0;
  for (const searcher of searchers) {
    const window = remaining > 0 ? { startIndex: String(skip + 1), count: String(remaining) } : { startIndex: '1', count: '0' };
    let page: ListResponse<T>;
    try {
      page = await searcher.list({ ...withoutPaging(query), ...window });
    } catch (err) {
      if (!(err instanceof ScimError) || err.scimType !== 'invalidFilter') throw err;
      refusal ??= err;
      refusals += 1;
      continue;
    }
    totalResults += page.totalResults;
    if (remaining > 0) {
      resources.push(...page.Resources);
      remaining -= page.Resources.length;
    }
    skip = Math.max(0, skip - page.totalResults);
  }
  if (refusal && refusals === searchers.length) throw refusal;
  return listResponse(resources, { totalResults, startIndex: params.startIndex });
}

function withoutPaging(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([key]) => !['startindex', 'count'].includes(key.toLowerCase())));
}
