import { badRequest } from '../http/http-errors';

/** v1 comparison operators (`field:$op:value`). */
export const V1_OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'] as const;
export type V1Operator = (typeof V1_OPERATORS)[number];

/** A parsed v1 user filter. */
export type UserFilter =
  | { kind: 'compare'; field: string; op: V1Operator; value: unknown }
  | { kind: 'and'; filters: UserFilter[] }
  | { kind: 'or'; filters: UserFilter[] }
  /** `searchFilter`: case-insensitive substring of `term` in any of `fields`. */
  | { kind: 'search'; term: string; fields: string[] };

/**
 * Parses one v1 filter expression `field:$op:value`. Only the first two colons split, so a value
 * may itself contain `:` (a timestamp, a URL). An unknown operator is a 400, as on JumpCloud.
 */
export function parseFilterExpression(expression: string): UserFilter {
  const first = expression.indexOf(':');
  const second = first < 0 ? -1 : expression.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw badRequest(`Bad Request: invalid filter "${expression}", expected field:$op:value`);
  const field = expression.slice(0, first);
  const op = expression.slice(first + 1, second);
  if (!(V1_OPERATORS as readonly string[]).includes(op)) throw badRequest(`Bad Request: invalid filter operator "${op}"`);
  return { kind: 'compare', field, op: op as V1Operator, value: expression.slice(second + 1) };
}

/**
 * Turns the query's `filter` (as the qs parser leaves it) into a filter:
 * `filter=x` (one), `filter=x&filter=y` or `filter[0]=x&filter[1]=y` (AND),
 * `filter[or][0]=x&filter[or][1]=y` (OR); `filter[and][..]` is accepted as AND too.
 * Answers undefined when there is no filter.
 */
export function filterFromQuery(raw: unknown): UserFilter | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') return parseFilterExpression(raw);
  if (Array.isArray(raw)) return all(raw.map(queryPart));
  if (typeof raw === 'object' && raw !== null) {
    const parts: UserFilter[] = [];
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (key === 'or') parts.push({ kind: 'or', filters: listOf(value).map(queryPart) });
      else if (key === 'and') parts.push(all(listOf(value).map(queryPart)));
      // qs turns indices past its array limit into object keys; they are still AND terms.
      else if (/^\d+$/.test(key)) parts.push(queryPart(value));
      else throw badRequest(`Bad Request: invalid filter key "${key}"`);
    }
    return all(parts);
  }
  throw badRequest('Bad Request: invalid filter');
}

function queryPart(value: unknown): UserFilter {
  if (typeof value === 'string') return parseFilterExpression(value);
  const nested = filterFromQuery(value);
  if (!nested) throw badRequest('Bad Request: empty filter expression');
  return nested;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [value];
}

function all(filters: UserFilter[]): UserFilter {
  return filters.length === 1 && filters[0] ? filters[0] : { kind: 'and', filters };
}

/**
 * Turns `/search/systemusers` body `filter` into a filter: `{and:[…]}`, `{or:[…]}`, an array
 * (AND, the default per the spec), a plain object `{field: value, …}` (AND of equalities; a value
 * may be an operator object `{"$ne": "x"}`), or a v1 filter string.
 */
export function filterFromSearchBody(raw: unknown): UserFilter | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw === '' ? undefined : parseFilterExpression(raw);
  if (Array.isArray(raw)) return all(raw.map(searchPart));
  if (typeof raw !== 'object') throw badRequest('Bad Request: filter must be an object, an array or a string');
  const parts: UserFilter[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw badRequest(`Bad Request: filter.${key} must be an array`);
      const filters = value.map(searchPart);
      parts.push(key === 'and' ? all(filters) : { kind: 'or', filters });
    } else {
      parts.push(...fieldCondition(key, value));
    }
  }
  return parts.length === 0 ? undefined : all(parts);
}

function searchPart(value: unknown): UserFilter {
  const parsed = filterFromSearchBody(value);
  if (!parsed) throw badRequest('Bad Request: empty filter expression');
  return parsed;
}

function fieldCondition(field: string, value: unknown): UserFilter[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([op, operand]) => {
      if (!(V1_OPERATORS as readonly string[]).includes(op)) throw badRequest(`Bad Request: invalid filter operator "${op}"`);
      return { kind: 'compare' as const, field, op: op as V1Operator, value: operand };
    });
  }
  return [{ kind: 'compare', field, op: '$eq', value }];
}

/**
 * Reads body `searchFilter` `{searchTerm, fields}`. `searchTerm` may be a string or a list of
 * strings (any matches); `fields` a list or a space separated string. Without `fields` the
 * search covers the fields JumpCloud's console searches: username, email, first/last/display name.
 */
export function searchFromBody(raw: unknown): UserFilter | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Bad Request: searchFilter must be an object');
  const { searchTerm, fields } = raw as Record<string, unknown>;
  const terms = Array.isArray(searchTerm) ? searchTerm : searchTerm === undefined ? [] : [searchTerm];
  if (!terms.every((term): term is string => typeof term === 'string')) throw badRequest('Bad Request: searchFilter.searchTerm must be a string');
  const nonEmpty = terms.filter((term) => term !== '');
  if (nonEmpty.length === 0) return undefined;
  let fieldList: string[];
  if (fields === undefined) fieldList = ['username', 'email', 'firstname', 'lastname', 'displayname'];
  else if (typeof fields === 'string') fieldList = fields.split(' ').filter(Boolean);
  else if (Array.isArray(fields) && fields.every((f): f is string => typeof f === 'string')) fieldList = fields;
  else throw badRequest('Bad Request: searchFilter.fields must be a list of field names');
  const searches: UserFilter[] = nonEmpty.map((term) => ({ kind: 'search', term, fields: fieldList }));
  return searches.length === 1 && searches[0] ? searches[0] : { kind: 'or', filters: searches };
}

/** Values at a dotted path; arrays along the way fan out (`attributes.value`, `phoneNumbers.number`). */
export function valuesAt(record: Record<string, unknown>, path: string): unknown[] {
  let current: unknown[] = [record];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      if (typeof item !== 'object' || item === null) continue;
      const value = (item as Record<string, unknown>)[key];
      if (Array.isArray(value)) next.push(...value);
      else next.push(value);
    }
    current = next;
  }
  return current;
}

/** Matches no record (an empty OR). */
const NOTHING: UserFilter = { kind: 'or', filters: [] };
/** Matches every record (an empty AND). */
const EVERYTHING: UserFilter = { kind: 'and', filters: [] };

/**
 * The filter as a JumpCloud would run it that compares a JSON string with the stored ObjectId
 * and finds them never equal (`searchByObjectId: matches-nothing`): every `_id` condition matches
 * nothing, except `$ne`, which then holds for every record (Mongo compares across types so).
 */
export function withoutObjectIdMatches(filter: UserFilter): UserFilter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return { kind: filter.kind, filters: filter.filters.map(withoutObjectIdMatches) };
    case 'compare':
      if (filter.field !== '_id') return filter;
      return filter.op === '$ne' ? EVERYTHING : NOTHING;
    case 'search':
      return filter;
  }
}

/** True when `record` matches `filter`. */
export function matches(record: Record<string, unknown>, filter: UserFilter): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.filters.every((part) => matches(record, part));
    case 'or':
      return filter.filters.some((part) => matches(record, part));
    case 'search': {
      const needle = filter.term.toLowerCase();
      return filter.fields.some((field) =>
        valuesAt(record, field).some((value) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value).toLowerCase().includes(needle)),
      );
    }
    case 'compare': {
      const values = valuesAt(record, filter.field);
      // Mongo semantics over arrays: $ne holds when NO element equals; the rest when ANY matches.
      if (filter.op === '$ne') return !values.some((value) => compare(value, filter.value) === 0);
      return values.some((value) => test(compare(value, filter.value), filter.op));
    }
  }
}

function test(order: number | undefined, op: V1Operator): boolean {
  if (order === undefined) return false;
  switch (op) {
    case '$eq':
      return order === 0;
    case '$ne':
      return order !== 0;
    case '$gt':
      return order > 0;
    case '$gte':
      return order >= 0;
    case '$lt':
      return order < 0;
    case '$lte':
      return order <= 0;
  }
}

/**
 * Orders a stored value against a filter operand (a string from the query, or any JSON value
 * from a search body), coercing the operand to the stored value's type: `sudo:$eq:true`,
 * `unix_uid:$gte:5000`. Strings compare by code unit, i.e. case-sensitively. Undefined when the
 * two cannot be compared (a null field, a non-number against a number).
 */
export function compare(stored: unknown, operand: unknown): number | undefined {
  if (stored === null || stored === undefined) return operand === null || operand === 'null' ? 0 : undefined;
  if (typeof stored === 'boolean') {
    const wanted = operand === true || operand === 'true' ? true : operand === false || operand === 'false' ? false : undefined;
    return wanted === undefined ? undefined : Number(stored) - Number(wanted);
  }
  if (typeof stored === 'number') {
    const wanted = typeof operand === 'number' ? operand : typeof operand === 'string' && operand.trim() !== '' ? Number(operand) : NaN;
    return Number.isNaN(wanted) ? undefined : Math.sign(stored - wanted);
  }
  if (typeof stored === 'string') {
    const wanted = typeof operand === 'string' ? operand : typeof operand === 'number' || typeof operand === 'boolean' ? String(operand) : undefined;
    if (wanted === undefined) return undefined;
    return stored < wanted ? -1 : stored > wanted ? 1 : 0;
  }
  return undefined;
}
