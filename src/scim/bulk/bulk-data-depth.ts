/**
 * The deepest nesting of objects and arrays a Bulk operation's `data` may have, `data` itself
 * being level 1. A SCIM resource or PatchOp needs about 6 (`Operations[].value` holding an
 * extension holding `manager`); the bound exists because the reference walk and every later
 * reader of `data` recurse, and a request nested thousands deep would overflow the stack.
 */
export const MAX_BULK_DATA_DEPTH = 32;

/**
 * Whether `value` nests objects and arrays more than `max` levels deep (a non-container is level
 * 0, `{}` or `[]` level 1). Iterative, and stops at the first container past the bound, so that
 * checking a hostile value costs no more than the value's size and never its depth in stack.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > max) return true;
    for (const item of Object.values(next.value)) pending.push({ value: item, depth: next.depth + 1 });
  }
  return false;
}
