import { JumpCloudError } from './jumpcloud-error';

/** v1 filter operators (`field:$op:value`). */
export type V1FilterOp = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte';
/**
 * v2 filter operators (`field:op:value`, no `$`). `search` is JumpCloud's case-insensitive
 * substring match (a superset for SCIM's case-insensitive `eq`); `in` is left out on purpose
 * because its `|` separator has no escape.
 */
export type V2FilterOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'search';

const V1_OPS: readonly string[] = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'];
const V2_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'search'];
const FIELD = /^[A-Za-z_][A-Za-z0-9_.]*$/;
// `:` separates the parts of a filter and `|` separates `in` values; JumpCloud documents no escape
// for either, so a value holding one (or a control character) cannot be expressed: refuse it.
const UNSAFE_VALUE = /[:|\p{Cc}]/u;

/**
 * True when `value` can travel inside a v1/v2 filter string unchanged. When false, use the JSON
 * search (`POST /search/systemusers`) or filter client-side instead.
 */
export function isFilterValueSafe(value: string): boolean {
  return value !== '' && !UNSAFE_VALUE.test(value);
}

function build(ops: readonly string[], field: string, op: string, value: string): string {
  const refuse = (why: string): never => {
    throw new JumpCloudError({ kind: 'invalid-request', message: `Refused to build a JumpCloud filter: ${why}`, method: 'GET', path: '(filter)', attempts: 0 });
  };
  if (!FIELD.test(field)) refuse(`field name ${JSON.stringify(field)} is not a plain field name`);
  if (!ops.includes(op)) refuse(`operator ${JSON.stringify(op)} is not supported`);
  // The value is not echoed: it may be personal data.
  if (!isFilterValueSafe(value)) refuse(`the value for ${field} is empty or holds a filter syntax character (':' '|' or a control character)`);
  return `${field}:${op}:${value}`;
}

/**
 * A v1 filter string `field:$op:value` (values are case sensitive). Throws `JumpCloudError`
 * kind `invalid-request` when the value holds syntax characters instead of letting it inject.
 */
export function v1Filter(field: string, op: V1FilterOp, value: string): string {
  return build(V1_OPS, field, op, value);
}

/** A v2 filter string `field:op:value`; same refusal rules as `v1Filter`. */
export function v2Filter(field: string, op: V2FilterOp, value: string): string {
  return build(V2_OPS, field, op, value);
}
