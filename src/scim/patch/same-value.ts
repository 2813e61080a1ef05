import type { AttributeDefinition } from '../schema/attribute-definition';
import { findByName } from '../schema/select-attributes';
import { isPlainObject, jsonEqual, valueAt } from '../resource/resource-values';

/**
 * Whether two values of one attribute are the same value in SCIM's eyes: strings compared per
 * `caseExact` (RFC 7643 §2.2), complex values sub-attribute by sub-attribute, ignoring readOnly
 * sub-attributes the server fills in (a member `{value}` is the member `{value, display}`).
 */
export function sameValue(definition: AttributeDefinition, left: unknown, right: unknown): boolean {
  if (definition.type === 'complex' && isPlainObject(left) && isPlainObject(right)) {
    const subs = definition.subAttributes ?? [];
    const names = new Set([...Object.keys(left), ...Object.keys(right)].map((key) => key.toLowerCase()));
    return [...names].every((lower) => {
      const sub = findByName(subs, lower);
      if (sub?.mutability === 'readOnly') return true;
      const a = valueAt(left, lower);
      const b = valueAt(right, lower);
      return sub ? sameValue(sub, a, b) : jsonEqual(a, b);
    });
  }
  if (typeof left === 'string' && typeof right === 'string' && !definition.caseExact) return left.toLowerCase() === right.toLowerCase();
  return jsonEqual(left, right);
}
