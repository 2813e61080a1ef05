import type { SpecOperation, SpecQueryParam } from './spec-operations';

/**
 * A query parameter JumpCloud takes although the (transformed) spec does not list it for the
 * operation, with the reason. Keep it short: anything else the client sends is a finding.
 */
export interface DocumentedQueryExtra {
  operationId: string;
  name: string;
  /** The definition to check it with. */
  param: SpecQueryParam;
  why: string;
}

/** NOTES.md: "limit default 10, max 100 (101 -> 400)". Used where the spec states no maximum. */
export const NOTES_LIMIT_MAXIMUM = 100;

export const DOCUMENTED_QUERY_EXTRAS: readonly DocumentedQueryExtra[] = [
  {
    operationId: 'User_Delete',
    name: 'cascade_manager',
    param: { name: 'cascade_manager', type: 'string', enum: ['null'] },
    why: 'NOTES.md: DELETE answers 409 for a manager "unless ?cascade_manager=null"; the spec\'s own x-codeSamples for this operation send it, the SDK transform dropped the parameter.',
  },
  {
    operationId: 'User_Search',
    name: 'limit',
    param: { name: 'limit', type: 'integer', minimum: 1, maximum: NOTES_LIMIT_MAXIMUM },
    why: 'SOURCES.md caveat: upstream has limit/skip as QUERY parameters on POST /search/*; ApiTransform.ps1 moved them into the body definition.',
  },
  {
    operationId: 'User_Search',
    name: 'skip',
    param: { name: 'skip', type: 'integer', minimum: 0 },
    why: 'SOURCES.md caveat: upstream has limit/skip as query parameters on POST /search/* (see limit).',
  },
];

/** Separator of each Swagger collectionFormat (`multi` = repeated key). */
const SEPARATORS: Record<string, string> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' };

/** v1 `sort`/`fields` are strings the spec describes as "space separated" field lists. */
function isSpaceSeparatedList(param: SpecQueryParam): boolean {
  return param.type === 'string' && /space sep[ae]rated/i.test(param.description ?? '');
}

/** The spec's maximum for a parameter: `maximum`, else its own prose "Limited to N", else NOTES for `limit`. */
export function maximumOf(param: SpecQueryParam): number | undefined {
  if (typeof param.maximum === 'number') return param.maximum;
  const prose = /Limited to (\d+)/i.exec(param.description ?? '');
  if (prose) return Number(prose[1]);
  return param.name === 'limit' ? NOTES_LIMIT_MAXIMUM : undefined;
}

function checkScalar(where: string, type: string | undefined, value: string, param: { enum?: unknown[]; minimum?: number }, maximum: number | undefined): string[] {
  const errors: string[] = [];
  if (type === 'integer' || type === 'number') {
    const pattern = type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    if (!pattern.test(value)) return [`${where}: ${JSON.stringify(value)} is not an ${type}`];
    const number = Number(value);
    if (maximum !== undefined && number > maximum) errors.push(`${where}: ${number} exceeds the maximum ${maximum}`);
    if (param.minimum !== undefined && number < param.minimum) errors.push(`${where}: ${number} is below the minimum ${param.minimum}`);
  } else if (type === 'boolean' && value !== 'true' && value !== 'false') {
    errors.push(`${where}: ${JSON.stringify(value)} is not a boolean`);
  }
  if (Array.isArray(param.enum) && !param.enum.includes(value)) errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(param.enum)}`);
  return errors;
}

/**
 * The spec name a wire key stands for. NOTES.md documents v1's AND/OR filter encodings
 * `filter[0]=…` and `filter[or][0]=…` for the spec's repeated `filter`.
 */
export function specNameOf(key: string): string {
  return /^filter(\[or\])?\[\d+\]$/.test(key) ? 'filter' : key;
}

/**
 * Checks the query pairs of one request against the operation's query parameter definitions:
 * only known names, repeated only when `collectionFormat: multi`, types, enums, minimum and
 * maximum, and list separators (v2 arrays: csv = comma; v1 `sort`/`fields`: space). Answers the
 * list of violations ([] when all is well).
 */
export function checkQuery(operation: SpecOperation, pairs: readonly (readonly [string, string])[]): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  for (const [key, value] of pairs) {
    const name = specNameOf(key);
    seen.set(name, (seen.get(name) ?? 0) + 1);
    const param = operation.query[name] ?? DOCUMENTED_QUERY_EXTRAS.find((extra) => extra.operationId === operation.operationId && extra.name === name)?.param;
    const where = `${operation.operationId} query ${key}`;
    if (!param) {
      errors.push(`${where}: not a query parameter of ${operation.method} ${operation.template} (knows: ${Object.keys(operation.query).join(', ') || 'none'})`);
      continue;
    }
    if (param.type === 'array') {
      const items = (param.items ?? {}) as { type?: string; enum?: unknown[] };
      const format = param.collectionFormat ?? 'csv';
      const parts = format === 'multi' ? [value] : value.split(SEPARATORS[format] as string);
      for (const part of parts) {
        if (format === 'csv' && /\s/.test(part.trim()) ) errors.push(`${where}: item ${JSON.stringify(part)} holds a space; the spec's ${format} list is comma separated`);
        errors.push(...checkScalar(where, items.type, part, items, undefined));
      }
    } else {
      if (isSpaceSeparatedList(param) && (value.includes(',') || !/^-?[A-Za-z_][\w.]*( -?[A-Za-z_][\w.]*)*$/.test(value))) {
        errors.push(`${where}: ${JSON.stringify(value)} is not a space separated field list`);
      }
      errors.push(...checkScalar(where, param.type, value, param, maximumOf(param)));
    }
  }
  for (const [name, count] of seen) {
    const param = operation.query[name];
    const repeatable = param?.type === 'array' && param.collectionFormat === 'multi';
    if (count > 1 && !repeatable) errors.push(`${operation.operationId} query ${name}: sent ${count} times but it is not collectionFormat multi`);
  }
  for (const param of Object.values(operation.query)) {
    if (param.required && !seen.has(param.name)) errors.push(`${operation.operationId} query ${param.name}: required by the spec but not sent`);
  }
  return errors;
}
