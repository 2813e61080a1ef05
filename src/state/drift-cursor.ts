/**
 * The page cursor of open drift, shared by every DriftStore engine so that a cursor means the
 * same on each: the sort key of the last row of a page, (opened_at, resource type, resource id,
 * attribute key), as base64url JSON. Opaque to clients; the stores reject one they did not issue.
 */
import { DEFAULT_DRIFT_PAGE, MAX_DRIFT_PAGE, type OpenDrift } from './drift-store';

/** Where a page of open drift ended (its last row's sort key). */
export type DriftPosition = [openedAt: string, resourceType: string, resourceId: string, key: string];

/** The cursor that resumes after `drift` (the last row of a page). */
export function encodeDriftCursor(drift: OpenDrift): string {
  const position: DriftPosition = [drift.openedAt, drift.resourceType, drift.resourceId, drift.key];
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor holds. Throws RangeError for anything that is not a drift cursor. */
export function decodeDriftCursor(cursor: string): DriftPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 4 && parsed.every((part) => typeof part === 'string')) return parsed as DriftPosition;
  } catch {
    // Falls through to the RangeError.
  }
  throw new RangeError('not a drift cursor');
}

/** The page size a list asks for, within 1..MAX_DRIFT_PAGE (DEFAULT_DRIFT_PAGE when not given). */
export function driftPageLimit(limit: number | undefined): number {
  return Math.min(Math.max(1, limit ?? DEFAULT_DRIFT_PAGE), MAX_DRIFT_PAGE);
}
