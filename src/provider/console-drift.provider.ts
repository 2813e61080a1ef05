import { randomUUID } from 'node:crypto';
import type { AuditStore } from '../lifecycle/audit-store';
import type { DriftStore } from '../state/drift-store';
import type { ResourceKind } from '../state/state-store';
import { ScimError } from '../scim/scim-error';

/** Which open drift an operator acknowledges. */
export interface DriftAcknowledgement {
  resourceType: ResourceKind;
  resourceId: string;
  key: string;
}

const RESOURCE_TYPES: readonly ResourceKind[] = ['User', 'Group'];

/** Validates the body of `POST /console/api/drift/acknowledge` (400 naming the bad field). */
export function parseDriftAcknowledgement(body: unknown): DriftAcknowledgement {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string): string => {
    const value = raw[name];
    if (typeof value !== 'string' || value.trim() === '' || value.length > 512) throw ScimError.status(400, `Body field "${name}" must be a non-empty string.`);
    return value;
  };
  const resourceType = text('resourceType');
  if (!(RESOURCE_TYPES as readonly string[]).includes(resourceType)) throw ScimError.status(400, 'Body field "resourceType" must be User or Group.');
  return { resourceType: resourceType as ResourceKind, resourceId: text('resourceId'), key: text('key') };
}

/**
 * An operator's "I have seen this" on open drift: journals a `drift` record carrying
 * `acknowledges` (the drift record it answers) and the operator's session label as client,
 * then closes the drift. Journal first: a crash between the two leaves the drift open (shown
 * again), never closed without trace.
 */
export class ConsoleDriftProvider {
  constructor(private readonly deps: { drift: DriftStore; audit: AuditStore; now: () => number }) {}

  /** 404 when no such drift is open (already acknowledged, or overwritten by SailPoint meanwhile). */
  async acknowledge(which: DriftAcknowledgement, by: { client: string; requestId?: string }): Promise<void> {
    const open = await this.deps.drift.get(which.resourceType, which.resourceId, which.key);
    if (!open) throw ScimError.status(404, 'No open drift matches that resource and attribute.');
    await this.deps.audit.append([
      {
        id: randomUUID(),
        time: new Date(this.deps.now()).toISOString(),
        type: 'drift',
        outcome: 'succeeded',
        resourceType: open.resourceType,
        scimId: open.resourceId,
        jumpcloudId: open.resourceId,
        ...(open.userName !== undefined ? { userName: open.userName } : {}),
        ...(open.displayName !== undefined ? { displayName: open.displayName } : {}),
        changes: [{ attribute: open.attribute, jumpcloudField: open.jumpcloudField, before: open.from, after: open.to }],
        jumpcloudCalls: [],
        client: by.client,
        ...(by.requestId !== undefined ? { requestId: by.requestId } : {}),
        acknowledges: open.auditId,
      },
    ]);
    await this.deps.drift.close(open.resourceType, open.resourceId, [open.key]);
  }
}
