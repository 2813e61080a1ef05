import { isFilterValueSafe, v1Filter, type SearchTerm, type SystemUserSearch } from '../jumpcloud';
import type { SchemaDefinition } from '../scim/schema/attribute-definition';
import type { AttributePath, FilterNode } from '../scim/filter/filter-ast';
import { resolveAttribute } from '../scim/schema/resolve-attribute-path';
import { URN } from '../scim/scim-urns';
import type { ResolvedMapping } from './mapping-document';
import { isValidJumpCloudUsername, tryDeriveUsername, USERNAME_MAX_LENGTH } from './username-rule';

/**
 * How to ask JumpCloud for the users a SCIM filter selects (RFC 7644 §3.4.2.2). `exact: true`:
 * JumpCloud's answer IS the filter's answer (the provider may page in JumpCloud); `false`: a
 * SUPERSET that the provider filters again with the SCIM filter.
 */
export type UserQueryPlan =
  /** `id eq "<24-hex>"`: one GET (a 404 means no match). */
  | { kind: 'get'; id: string; exact: boolean }
  /** Provably no match (e.g. `id eq` a non-ObjectId). */
  | { kind: 'empty' }
  /** `GET /systemusers` with v1 filters (ANDed). */
  | { kind: 'list'; filter: string[]; exact: boolean }
  /** `POST /search/systemusers`. */
  | { kind: 'search'; body: SystemUserSearch; exact: boolean }
  /** Nothing pushable: page everything, filter in the bridge. */
  | { kind: 'scan' };

/** One case-sensitive comparison JumpCloud makes (v1 filter or search `filter` term). */
interface Exact {
  field: string;
  op: '$eq' | '$ne';
  value: string;
}

/** A case-insensitive substring search: any term in any field (JumpCloud `searchFilter`). */
interface Search {
  fields: string[];
  terms: string[];
}

/** What a filter node becomes before it is turned into a request. */
type Fragment =
  | { kind: 'none' }
  | { kind: 'empty' }
  | { kind: 'get'; id: string; exact: boolean }
  | { kind: 'and'; exacts: Exact[]; searches: Search[]; exact: boolean }
  | { kind: 'or'; terms: SearchTerm[]; exact: boolean };

const NONE: Fragment = { kind: 'none' };
const EMPTY: Fragment = { kind: 'empty' };
const OBJECT_ID = /^[0-9a-f]{24}$/;
const OBJECT_ID_ANY_CASE = /^[0-9a-f]{24}$/i;

/**
 * Plans the JumpCloud request(s) for a SCIM filter. A filter becomes a JumpCloud query only where
 * that cannot change the answer; JumpCloud compares case-sensitively and SCIM `userName`/`emails`
 * are `caseExact: false`, so those become case-insensitive `searchFilter` queries (a superset,
 * `exact: false`) that the provider narrows with the SCIM filter:
 * - `id eq` -> one GET (or `empty` for a value that is not an ObjectId: `id` is caseExact);
 * - `userName eq V` -> search `username` for derive(V) (and V itself when V could be a username
 *   made outside the bridge): every user whose userName equals V has such a username, because
 *   the rendered userName either equals the username or derives to it (`renderUserName`);
 *   `userName sw V` likewise when V holds only username characters;
 * - `emails[type eq "work"].value eq` -> search `email`; `emails.value eq` -> `email` and the
 *   other e-mail's field; `sw` likewise;
 * - `externalId eq` (caseExact) -> an exact filter on `external_dn`; `active eq` -> `state`;
 *   `manager.value eq` -> `manager`; other mapped strings by their `caseExact`;
 * - `and`: pushable parts combine; an unpushable part leaves a superset of the rest;
 * - `or`: exact equalities combine into a search `{or: [...]}`, searches on the same fields merge;
 * - anything else (`not`, `pr`, `co`, `gt`..., unmapped or custom attributes) -> `scan`.
 * Values never enter a v1 filter string unless `isFilterValueSafe` allows; others travel in the
 * JSON search body.
 */
export function planUserQuery(filter: FilterNode | undefined, schemas: readonly SchemaDefinition[], mapping: ResolvedMapping): UserQueryPlan {
  if (!filter) return { kind: 'scan' };
  return finish(fragmentOf(filter, schemas, mapping));
}

function fragmentOf(node: FilterNode, schemas: readonly SchemaDefinition[], mapping: ResolvedMapping): Fragment {
  switch (node.kind) {
    case 'compare':
      return compareFragment(node.path, node.operator, valueText(node), node.value, schemas, mapping);
    case 'valuePath':
      return valuePathFragment(node.path, node.filter, schemas, mapping);
    case 'and':
      return andOf(fragmentOf(node.left, schemas, mapping), fragmentOf(node.right, schemas, mapping));
    case 'or':
      return orOf(fragmentOf(node.left, schemas, mapping), fragmentOf(node.right, schemas, mapping));
    case 'present':
    case 'not':
      return NONE;
  }
}

/** The comparison value as the client wrote it (an unquoted token keeps its own text), or undefined for null. */
function valueText(node: Extract<FilterNode, { kind: 'compare' }>): string | undefined {
  if (typeof node.value === 'string') return node.value;
  if (node.value === null) return undefined;
  return node.unquoted ?? String(node.value);
}

function compareFragment(
  path: AttributePath,
  operator: string,
  text: string | undefined,
  raw: unknown,
  schemas: readonly SchemaDefinition[],
  mapping: ResolvedMapping,
): Fragment {
  if (operator !== 'eq' && operator !== 'sw') return NONE;
  const resolved = resolveAttribute({ ...path, valueFilter: undefined }, schemas);
  if (!resolved.ok || text === undefined) return NONE;
  const { attribute, subAttribute, container } = resolved.resolved;
  const name = attribute.name;
  const sub = subAttribute?.name;
  // An eq "" can match nothing: unassigned values are never rendered as "" (RFC 7643 §2.5).
  if (operator === 'eq' && text === '' && (subAttribute ?? attribute).type === 'string') return EMPTY;
  if (container === undefined && name === 'id' && operator === 'eq') return OBJECT_ID.test(text) ? { kind: 'get', id: text, exact: true } : EMPTY;
  if (container === undefined && name === 'userName' && mapping.special.has('userName')) return userNameFragment(operator, text, mapping);
  if (container === undefined && name === 'emails' && sub === 'value') {
    const fields = emailFields(path.valueFilter, mapping);
    return fields ? searchFragment(operator, text, fields) : NONE;
  }
  if (container === undefined && name === 'active' && mapping.special.has('active') && operator === 'eq' && typeof raw === 'boolean') {
    return and([{ field: 'state', op: raw ? '$eq' : '$ne', value: 'ACTIVATED' }], true);
  }
  if (container === URN.enterpriseUser && name === 'manager' && sub === 'value' && mapping.special.has('manager') && operator === 'eq') {
    // JumpCloud ids are lower-case hex; `manager.value` is caseExact false, so any case finds them.
    return OBJECT_ID_ANY_CASE.test(text) ? and([{ field: 'manager', op: '$eq', value: text.toLowerCase() }], true) : EMPTY;
  }
  const scalar = mapping.scalars.find(
    (candidate) => candidate.attribute === name && candidate.subAttribute === sub && (candidate.schema === URN.enterpriseUser) === (container === URN.enterpriseUser),
  );
  if (!scalar) return NONE;
  // A non-string token compared with a string attribute: push its text, let the bridge decide.
  const exactValue = typeof raw === 'string' || raw === text;
  if (scalar.caseExact && operator === 'eq') return and([{ field: scalar.field, op: '$eq', value: text }], exactValue);
  return searchFragment(operator, text, [scalar.field]);
}

/** `emails[...]` as a filter on its own: `emails[value eq "x"]`, `emails[type eq "work" and value eq "x"]`. */
function valuePathFragment(path: AttributePath, inner: FilterNode, schemas: readonly SchemaDefinition[], mapping: ResolvedMapping): Fragment {
  if (path.attribute.toLowerCase() !== 'emails' || path.schema !== undefined) return NONE;
  const resolved = resolveAttribute({ attribute: path.attribute }, schemas);
  if (!resolved.ok) return NONE;
  const parts = inner.kind === 'and' ? [inner.left, inner.right] : [inner];
  const valueParts = parts.filter((part) => part.kind === 'compare' && part.path.attribute.toLowerCase() === 'value' && !part.path.subAttribute);
  const typeParts = parts.filter((part) => !valueParts.includes(part));
  const value = valueParts[0];
  if (valueParts.length !== 1 || !value || value.kind !== 'compare' || typeParts.length > 1) return NONE;
  const text = valueText(value);
  if (text === undefined) return NONE;
  const typeFilter = typeParts[0];
  const fields = emailFields(typeFilter, mapping);
  if (!fields) return NONE;
  return value.operator === 'eq' && text === '' ? EMPTY : value.operator === 'eq' || value.operator === 'sw' ? searchFragment(value.operator, text, fields) : NONE;
}

/** JumpCloud fields that can hold an e-mail matching a value filter on `emails`. */
function emailFields(typeFilter: FilterNode | undefined, mapping: ResolvedMapping): string[] | undefined {
  const all = mapping.otherEmail ? ['email', mapping.otherEmail] : ['email'];
  if (!typeFilter) return all;
  if (typeFilter.kind === 'compare' && typeFilter.operator === 'eq' && typeFilter.path.attribute.toLowerCase() === 'type' && typeof typeFilter.value === 'string') {
    const type = typeFilter.value.toLowerCase();
    // Rendered types: the JumpCloud e-mail is "work", the other one "other"; nothing else exists.
    if (type === 'work') return ['email'];
    if (type === 'other') return mapping.otherEmail ? [mapping.otherEmail] : [];
    return [];
  }
  // Any other value filter narrows further: both fields are still a superset.
  return all;
}

function userNameFragment(operator: string, text: string, mapping: ResolvedMapping): Fragment {
  const terms = new Set<string>();
  if (operator === 'eq') {
    // Made by the bridge: username = derive(userName). Made elsewhere: username = userName.
    const derived = tryDeriveUsername(text, mapping.usernameRule);
    if (derived) terms.add(derived.toLowerCase());
    if (isValidJumpCloudUsername(text)) terms.add(text.toLowerCase());
    // A username longer than the derivation allows (made elsewhere) still contains V.
    if (terms.size === 0 && /^[A-Za-z][A-Za-z0-9._-]*$/.test(text)) terms.add(text.toLowerCase());
    if (terms.size === 0) return EMPTY;
  } else {
    // sw: only a value made of username characters keeps its shape through the derivation (up to
    // dot runs collapsing, a 'u' prefix and the length cut, which the terms below allow for).
    if (!/^[A-Za-z0-9._-]+$/.test(text)) return NONE;
    const lower = text.toLowerCase();
    terms.add(lower.replace(/\.{2,}/g, '.').slice(0, USERNAME_MAX_LENGTH - 1));
    terms.add(lower.slice(0, USERNAME_MAX_LENGTH - 1));
  }
  return { kind: 'and', exacts: [], searches: [{ fields: ['username'], terms: [...terms] }], exact: false };
}

function searchFragment(_operator: 'eq' | 'sw', text: string, fields: string[]): Fragment {
  if (fields.length === 0) return EMPTY;
  if (text === '') return NONE;
  // JumpCloud's searchFilter matches case-insensitively inside the value: a superset of eq and sw.
  return { kind: 'and', exacts: [], searches: [{ fields, terms: [text] }], exact: false };
}

function and(exacts: Exact[], exact: boolean): Fragment {
  return { kind: 'and', exacts, searches: [], exact };
}

function andOf(left: Fragment, right: Fragment): Fragment {
  if (left.kind === 'empty' || right.kind === 'empty') return EMPTY;
  if (left.kind === 'none') return loosen(right);
  if (right.kind === 'none') return loosen(left);
  if (left.kind === 'get') return { ...left, exact: false };
  if (right.kind === 'get') return { ...right, exact: false };
  if (left.kind === 'and' && right.kind === 'and') {
    return { kind: 'and', exacts: [...left.exacts, ...right.exacts], searches: [...left.searches, ...right.searches], exact: left.exact && right.exact };
  }
  // An OR beside anything: keep the simpler side; the result is a superset.
  return loosen(left.kind === 'and' ? left : right);
}

function orOf(left: Fragment, right: Fragment): Fragment {
  if (left.kind === 'empty') return right;
  if (right.kind === 'empty') return left;
  if (left.kind === 'none' || right.kind === 'none' || left.kind === 'get' || right.kind === 'get') return NONE;
  const leftTerms = orTerms(left);
  const rightTerms = orTerms(right);
  if (leftTerms && rightTerms) return { kind: 'or', terms: [...leftTerms, ...rightTerms], exact: left.exact && right.exact };
  const leftSearch = singleSearch(left);
  const rightSearch = singleSearch(right);
  if (leftSearch && rightSearch && sameFields(leftSearch.fields, rightSearch.fields)) {
    return { kind: 'and', exacts: [], searches: [{ fields: leftSearch.fields, terms: [...new Set([...leftSearch.terms, ...rightSearch.terms])] }], exact: false };
  }
  return NONE;
}

/** A fragment as `{field: value}` terms of a search `{or: [...]}`, when it is only equalities. */
function orTerms(fragment: Fragment): SearchTerm[] | undefined {
  if (fragment.kind === 'or') return fragment.terms;
  if (fragment.kind === 'and' && fragment.searches.length === 0 && fragment.exacts.length === 1) {
    const only = fragment.exacts[0];
    if (only && only.op === '$eq') return [{ [only.field]: only.value }];
  }
  return undefined;
}

function singleSearch(fragment: Fragment): Search | undefined {
  return fragment.kind === 'and' && fragment.exacts.length === 0 && fragment.searches.length === 1 ? fragment.searches[0] : undefined;
}

function sameFields(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((field) => b.includes(field));
}

function loosen(fragment: Fragment): Fragment {
  return fragment.kind === 'get' || fragment.kind === 'and' || fragment.kind === 'or' ? { ...fragment, exact: false } : fragment;
}

function finish(fragment: Fragment): UserQueryPlan {
  switch (fragment.kind) {
    case 'none':
      return { kind: 'scan' };
    case 'empty':
      return { kind: 'empty' };
    case 'get':
      return { kind: 'get', id: fragment.id, exact: fragment.exact };
    case 'or':
      return { kind: 'search', body: { filter: { or: fragment.terms } }, exact: fragment.exact };
    case 'and':
      return finishAnd(fragment);
  }
}

function finishAnd(fragment: Extract<Fragment, { kind: 'and' }>): UserQueryPlan {
  const { exacts, searches } = fragment;
  if (searches.length === 0 && exacts.every((term) => isFilterValueSafe(term.value))) {
    return { kind: 'list', filter: exacts.map((term) => v1Filter(term.field, term.op, term.value)), exact: fragment.exact };
  }
  // The JSON body: equalities as `filter.and` terms; `$ne` cannot be said there, and only one
  // searchFilter fits, so what is left out makes the answer a superset.
  const equalities = exacts.filter((term) => term.op === '$eq');
  const [search, ...otherSearches] = searches;
  const body: SystemUserSearch = {};
  if (equalities.length > 0) body.filter = { and: equalities.map((term) => ({ [term.field]: term.value })) };
  if (search) body.searchFilter = { searchTerm: search.terms.length === 1 ? (search.terms[0] as string) : search.terms, fields: search.fields };
  if (!body.filter && !body.searchFilter) return { kind: 'scan' };
  const exact = fragment.exact && searches.length === 0 && equalities.length === exacts.length && otherSearches.length === 0;
  return { kind: 'search', body, exact };
}
