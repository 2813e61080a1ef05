import { badRequest } from '../http/http-errors';
import { valueAt } from '../groups/record-path';

/** A compiled `search_term`: true when an event matches. */
export type EventPredicate = (event: Record<string, unknown>) => boolean;

const CONJUNCTIONS = ['and', 'or', 'not'] as const;

/**
 * Compiles a Directory Insights `search_term`: `{and:[...]}`, `{or:[...]}`, `{not:[...]}`, nested
 * freely. Each clause is either another conjunction or `{field: value}` where `field` may be dotted
 * (`resource.id`) and `value` is a scalar, a list (any of) or `{$in:[...]}` (any of). Matching is
 * case-insensitive because DI lower-cases field values when it indexes them. A conjunction may
 * also be given as one object of several fields (each must hold). Throws 400 on anything else.
 */
export function compileSearchTerm(term: unknown): EventPredicate {
  if (!isObject(term)) throw badRequest('search_term must be an object');
  const keys = Object.keys(term);
  if (keys.length === 0) throw badRequest('search_term must contain and, or or not');
  const parts = keys.map((key) => {
    if (!(CONJUNCTIONS as readonly string[]).includes(key)) {
      throw badRequest(`search_term: unknown conjunction "${key}"; use and, or, not`);
    }
    return conjunction(key as (typeof CONJUNCTIONS)[number], term[key]);
  });
  return (event) => parts.every((part) => part(event));
}

function conjunction(kind: (typeof CONJUNCTIONS)[number], raw: unknown): EventPredicate {
  const clauses = clausesOf(raw).map(clause);
  if (clauses.length === 0) throw badRequest(`search_term: "${kind}" needs at least one term`);
  if (kind === 'or') return (event) => clauses.some((c) => c(event));
  if (kind === 'and') return (event) => clauses.every((c) => c(event));
  return (event) => !clauses.every((c) => c(event));
}

/** A conjunction's terms: a list of clause objects, or one object whose entries are the terms. */
function clausesOf(raw: unknown): Record<string, unknown>[] {
  if (Array.isArray(raw)) {
    return raw.map((item) => {
      if (!isObject(item)) throw badRequest('search_term: every term must be an object');
      return item;
    });
  }
  if (isObject(raw)) return Object.entries(raw).map(([field, value]) => ({ [field]: value }));
  throw badRequest('search_term: and/or/not take a list of terms');
}

function clause(raw: Record<string, unknown>): EventPredicate {
  const keys = Object.keys(raw);
  if (keys.length === 0) throw badRequest('search_term: empty term');
  if (keys.length === 1 && (CONJUNCTIONS as readonly string[]).includes(keys[0] as string)) return compileSearchTerm(raw);
  const terms = keys.map((field) => fieldTerm(field, raw[field]));
  return (event) => terms.every((term) => term(event));
}

function fieldTerm(field: string, wanted: unknown): EventPredicate {
  const values = wantedValues(field, wanted).map(normalise);
  return (event) => {
    const actual = valueAt(event, field);
    const candidates = Array.isArray(actual) ? actual : [actual];
    return candidates.some((value) => value !== undefined && values.includes(normalise(value)));
  };
}

function wantedValues(field: string, wanted: unknown): unknown[] {
  if (Array.isArray(wanted)) return wanted.map((value) => scalar(field, value));
  if (isObject(wanted)) {
    const list = wanted.$in;
    if (Object.keys(wanted).length !== 1 || !Array.isArray(list)) {
      throw badRequest(`search_term: "${field}" takes a value, a list of values or {"$in": [...]}`);
    }
    return list.map((value) => scalar(field, value));
  }
  return [scalar(field, wanted)];
}

function scalar(field: string, value: unknown): unknown {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  throw badRequest(`search_term: "${field}" values must be strings, numbers or booleans`);
}

function normalise(value: unknown): string {
  return String(value).toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
