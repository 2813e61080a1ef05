/**
 * The deepest nesting of JSON objects and arrays a request body may have (the body itself is
 * level 1). The deepest legitimate SCIM body is a Bulk operation carrying a User with a complex
 * extension attribute, about 8 levels; 64 leaves ample room while keeping every recursive walk
 * of a body (PATCH engine, Bulk reference resolution, validation) far from the stack's limit:
 * a body about 3,000 levels deep overflowed the PATCH engine's stack (issue 12, finding 11).
 */
export const MAX_JSON_BODY_DEPTH = 64;

/**
 * True when `value` nests objects and arrays more than `max` levels deep (a scalar is level 0, the
 * outermost object or array level 1). Walks with its own stack, never recursion, and stops at the
 * first branch past the limit, so any parsed body is checked in bounded stack and linear time.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > max) return true;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') pending.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}
