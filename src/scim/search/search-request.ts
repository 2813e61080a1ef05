import { ScimError } from '../scim-error';
import { URN } from '../scim-urns';

/** A SearchRequest turned into the query parameters a GET would carry, in their canonical names. */
export type SearchQuery = Partial<Record<SearchMember, string>>;

type SearchMember = 'attributes' | 'excludedAttributes' | 'filter' | 'sortBy' | 'sortOrder' | 'startIndex' | 'count' | 'cursor';

/** RFC 7644 §3.4.3 members (plus RFC 9865 §2.1 `cursor`), by lower-case name. */
const MEMBERS: Record<string, SearchMember | 'schemas'> = {
  schemas: 'schemas',
  attributes: 'attributes',
  excludedattributes: 'excludedAttributes',
  filter: 'filter',
  sortby: 'sortBy',
  sortorder: 'sortOrder',
  startindex: 'startIndex',
  count: 'count',
  cursor: 'cursor',
};
const KNOWN = 'attributes, excludedAttributes, filter, sortBy, sortOrder, startIndex, count, cursor';

/**
 * Reads a `POST .search` body (RFC 7644 §3.4.3) into the query parameters of the equivalent
 * GET, so that a search answers exactly what the GET would: the list code then validates the
 * values themselves (filter syntax, sortOrder, integer ranges) with the same details.
 *
 * - Member names match in any letter case; `null` means absent.
 * - `schemas` may be omitted (clients do); when present it must list the SearchRequest URN, so a
 *   body meant for another endpoint is refused rather than read as "return everything".
 * - An unknown member is refused: a misspelt `filter` would otherwise return every resource.
 * - `attributes`/`excludedAttributes` are arrays of names (a comma-separated string is tolerated);
 *   `startIndex`/`count` are integers; `filter`, `sortBy`, `sortOrder`, `cursor` are strings.
 *
 * @throws ScimError 400 `invalidSyntax` for a body that is not a SearchRequest, `invalidValue`
 *   for a member of the wrong type; each detail names the member.
 */
export function parseSearchRequest(body: unknown): SearchQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ScimError.of('invalidSyntax', `The .search request body must be a JSON object, a SearchRequest (RFC 7644 §3.4.3); got ${describe(body)}.`);
  }
  const query: SearchQuery = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    const member = MEMBERS[key.toLowerCase()];
    if (member === undefined) throw ScimError.of('invalidSyntax', `The SearchRequest member '${key}' is not defined (RFC 7644 §3.4.3); the members are ${KNOWN}.`);
    if (seen.has(member)) throw ScimError.of('invalidSyntax', `The SearchRequest member '${member}' is given twice (in different letter cases); give it once.`);
    seen.add(member);
    if (value === null || value === undefined) continue;
    if (member === 'schemas') requireSearchSchema(value);
    else query[member] = memberValue(member, value);
  }
  return query;
}

function requireSearchSchema(value: unknown): void {
  const listsUrn = Array.isArray(value) && value.every((v) => typeof v === 'string') && value.some((v) => (v as string).toLowerCase() === URN.searchRequest.toLowerCase());
  if (!listsUrn) throw ScimError.of('invalidSyntax', `The SearchRequest 'schemas' must be an array listing "${URN.searchRequest}"; got ${JSON.stringify(value)}.`);
}

function memberValue(member: SearchMember, value: unknown): string {
  switch (member) {
    case 'attributes':
    case 'excludedAttributes':
      return nameList(member, value);
    case 'startIndex':
    case 'count':
      if (typeof value === 'number' && Number.isInteger(value)) return String(value);
      // A numeric string reads as a GET parameter would; the list parser judges its form.
      if (typeof value === 'string') return value;
      throw ScimError.of('invalidValue', `The SearchRequest member '${member}' must be an integer; got ${describe(value)}.`);
    default:
      if (typeof value === 'string') return value;
      throw ScimError.of('invalidValue', `The SearchRequest member '${member}' must be a string; got ${describe(value)}.`);
  }
}

function nameList(member: SearchMember, value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) throw ScimError.of('invalidValue', `The SearchRequest member '${member}' must be an array of attribute names; got ${describe(value)}.`);
  value.forEach((name, index) => {
    if (typeof name !== 'string' || name.trim() === '' || name.includes(',')) {
      throw ScimError.of('invalidValue', `The SearchRequest member '${member}' must be an array of attribute names; element ${index + 1} is ${describe(name)}.`);
    }
  });
  return (value as string[]).map((name) => name.trim()).join(',');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}
