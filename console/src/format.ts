/** How values are shown as text: pure, so unit tested. Nothing here makes markup. */

/** A value from JumpCloud, the journal or a SCIM client as one line of text ("(unset)" when absent). */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Seconds as `3d 4h 5m` (or `42s` under a minute). */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return `${seconds}s`;
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return [days > 0 ? `${days}d` : '', days > 0 || hours > 0 ? `${hours}h` : '', `${minutes}m`].filter((part) => part !== '').join(' ');
}

/**
 * A SCIM resource as `attribute path -> value` rows (`name.givenName`, `emails[0].value`), so a
 * live JumpCloud record lines up with the attributes the bridge last wrote.
 */
export function flattenResource(resource: unknown, prefix = ''): [string, unknown][] {
  if (Array.isArray(resource)) {
    if (resource.length === 0) return prefix === '' ? [] : [[prefix, []]];
    return resource.flatMap((item, index) => flattenResource(item, `${prefix}[${index}]`));
  }
  if (resource !== null && typeof resource === 'object') {
    const entries = Object.entries(resource as Record<string, unknown>);
    if (entries.length === 0) return prefix === '' ? [] : [[prefix, {}]];
    return entries.flatMap(([key, value]) => flattenResource(value, prefix === '' ? key : `${prefix}.${key}`));
  }
  return [[prefix, resource]];
}
