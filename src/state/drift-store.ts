/**
 * Open drift: attributes the bridge owns (mapped to SCIM) that someone else changed in JumpCloud,
 * kept until the bridge writes them again (SailPoint overwrites them) or they are changed back.
 */
import type { ResourceKind } from './state-store';

/** One attribute of one resource whose JumpCloud value no longer is the one the bridge wrote. */
export interface OpenDrift {
  resourceType: ResourceKind;
  /** SCIM id (= JumpCloud id). */
  resourceId: string;
  /** Stable key of the attribute within the resource (JumpCloud field, `attributes.<name>`, `members:<userId>`). */
  key: string;
  /** The SCIM attribute (path form, e.g. `name.givenName`). */
  attribute: string;
  /** The JumpCloud field. */
  jumpcloudField: string;
  userName?: string;
  displayName?: string;
  /** The value before the first outside change (absent = unset). */
  from?: unknown;
  /** The value the latest outside change left (absent = unset). */
  to?: unknown;
  /** Who made the latest outside change, when known. */
  initiatedBy?: Record<string, unknown>;
  /** How the change was seen. */
  source: 'directory_insights' | 'reconciliation_scan';
  /** ISO-8601 time of the first outside change. */
  openedAt: string;
  /** ISO-8601 time of the latest outside change. */
  updatedAt: string;
  /** The `drift` audit record of the latest outside change. */
  auditId: string;
}

/** The default and largest page of open drift. */
export const DEFAULT_DRIFT_PAGE = 100;
export const MAX_DRIFT_PAGE = 1000;

/** One page of open drift, oldest first. */
export interface DriftPage {
  drift: OpenDrift[];
  /** Present when more remain: pass it as `cursor`. */
  nextCursor?: string;
}

export interface DriftStore {
  get(resourceType: ResourceKind, resourceId: string, key: string): Promise<OpenDrift | undefined>;
  /** Opens or updates the drift of one attribute. */
  put(drift: OpenDrift): Promise<void>;
  /** Closes the drift of these attribute keys (all of the resource when omitted); returns how many closed. */
  close(resourceType: ResourceKind, resourceId: string, keys?: readonly string[]): Promise<number>;
  /** Open drift, oldest first. Throws RangeError for a cursor it did not issue. */
  list(query?: { limit?: number; cursor?: string; resourceId?: string }): Promise<DriftPage>;
  /** How many attributes are open drift. */
  count(): Promise<number>;
}
