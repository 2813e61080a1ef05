import type { EmulatorOptions } from '../context';
import { badRequest } from '../http/http-errors';
import { valueAt } from './record-path';

/** How the v2 `search` operator matches (`EmulatorOptions.v2SearchOperator`). */
export type V2SearchSemantics = EmulatorOptions['v2SearchOperator'];

/** The v2 filter operators (no `$`, unlike v1). */
export const V2_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'search'] as const;
export type V2Operator = (typeof V2_OPERATORS)[number];

/** One parsed `field:op:value` term. */
export interface V2Filter {
  field: string;
  op: V2Operator;
  value: string;
  /** For `search`: the value compiled under the semantics the filter was parsed with (default substring). */
  search?: (text: string) => boolean;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Parses the `filter` query parameter(s) of a v2 list: each `field:op:value`; repeated `filter`
 * parameters are ANDed. The value is everything after the second `:` (so it may contain `:`).
 * A `search` value is compiled under `semantics` (the v2 spec names the operator, not how it
 * matches). Throws a 400 `EmulatorHttpError` on a malformed term, an unknown operator or (regex
 * semantics) an invalid regular expression.
 */
export function parseV2Filters(raw: unknown, semantics: V2SearchSemantics = 'substring'): V2Filter[] {
  if (raw === undefined) return [];
  const terms = Array.isArray(raw) ? raw : [raw];
  return terms.map((term) => {
    if (typeof term !== 'string') throw badRequest('Bad Request: invalid filter');
    const first = term.indexOf(':');
    const second = first < 0 ? -1 : term.indexOf(':', first + 1);
    if (second < 0) throw badRequest(`Bad Request: invalid filter "${term}": expected field:operator:value`);
    const field = term.slice(0, first);
    const op = term.slice(first + 1, second);
    if (!FIELD.test(field)) throw badRequest(`Bad Request: invalid filter field "${field}"`);
    if (!(V2_OPERATORS as readonly string[]).includes(op)) {
      throw badRequest(`Bad Request: invalid filter operator "${op}"; supported: ${V2_OPERATORS.join(', ')}`);
    }
    const value = term.slice(second + 1);
    if (op === 'search') return { field, op, value, search: searchMatcher(value, semantics) };
    return { field, op: op as V2Operator, value };
  });
}

/**
 * How `field:search:value` tests a text: `substring` a case-insensitive literal substring;
 * `regex` the value as a case-insensitive JavaScript regular expression (invalid: 400);
 * `wildcard` a case-insensitive substring where `*` matches any run and `?` one character.
 */
export function searchMatcher(value: string, semantics: V2SearchSemantics): (text: string) => boolean {
  switch (semantics) {
    case 'substring': {
      const needle = value.toLowerCase();
      return (text) => text.toLowerCase().includes(needle);
    }
    case 'regex': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(value, 'i');
      } catch {
        throw badRequest('Bad Request: invalid search expression');
      }
      return (text) => pattern.test(text);
    }
    case 'wildcard': {
      const source = [...value].map((char) => (char === '*' ? '[\\s\\S]*' : char === '?' ? '[\\s\\S]' : char.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&'))).join('');
      const pattern = new RegExp(source, 'i');
      return (text) => pattern.test(text);
    }
  }
}

/**
 * True when the raw query string carries a filter in the indexed v1 form (`filter[0]=…`,
 * `filter[or][0]=…`), which a qs parser reads exactly like repeated `filter=` parameters.
 */
export function usesIndexedFilterForm(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0) return false;
  return [...new URLSearchParams(url.slice(at + 1)).keys()].some((key) => key.startsWith('filter['));
}

/** True when `record` satisfies every filter (AND). */
export function matchesV2Filters(record: Record<string, unknown>, filters: readonly V2Filter[]): boolean {
  return filters.every((filter) => matchesOne(valueAt(record, filter.field), filter));
}

function matchesOne(actual: unknown, { op, value, search }: V2Filter): boolean {
  const text = asText(actual);
  switch (op) {
    case 'eq':
      return text === value; // values are case sensitive (v2 filter trait)
    case 'ne':
      return text !== value;
    case 'in':
      return value.split('|').includes(text);
    case 'search':
      return (search ?? searchMatcher(value, 'substring'))(text);
    case 'gt':
      return compare(actual, value) > 0;
    case 'ge':
      return compare(actual, value) >= 0;
    case 'lt':
      return compare(actual, value) < 0;
    case 'le':
      return compare(actual, value) <= 0;
  }
}

/** How a stored value reads in a filter: booleans and numbers as their JSON text, unset as "". */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Numbers compare numerically when both sides are numbers, everything else as text. */
function compare(actual: unknown, value: string): number {
  const wanted = Number(value);
  if (typeof actual === 'number' && value.trim() !== '' && !Number.isNaN(wanted)) return actual - wanted;
  const text = asText(actual);
  return text < value ? -1 : text > value ? 1 : 0;
}
