import type { ObservedOrigin } from '../lifecycle/audit-record';
import type { DriftStore, OpenDrift } from '../state/drift-store';
import type { ChangeOrigin, ResourceObservationStore } from '../state/resource-observation-store';
import type { ResourceKind, StateStore } from '../state/state-store';
import { ObservedRecords, type ObservedSubject } from './observed-records';
import { sameValue, type OwnedChange } from './tracked-attributes';

/** The stores every observed change lands in. */
export interface ChangeRecorderDependencies {
  state: StateStore;
  observations: ResourceObservationStore;
  drift: DriftStore;
  records: ObservedRecords;
}

/** Counts of what the recorder did (for logs, tests and the bench). */
export interface RecorderCounts {
  changes: number;
  drift: number;
  driftClosed: number;
  externalDeletes: number;
  activations: number;
}

/** A pending user who sets a password twice in this long is one activation, not two. */
const ACTIVATION_DEDUP_MS = 5 * 60 * 1000;

/**
 * Turns one observed change (from a Directory Insights event or a scan) into its effects, shared
 * by both feeds: meta.lastModified and the change's origin, drift opened or closed, and the
 * `drift` / `external_delete` / `activated` journal records. Every effect is idempotent, so a
 * change applied again after a crash leaves the same state.
 */
export class ChangeRecorder {
  readonly counts: RecorderCounts = { changes: 0, drift: 0, driftClosed: 0, externalDeletes: 0, activations: 0 };

  constructor(private readonly deps: ChangeRecorderDependencies) {}

  /** Reads the observed records of [from, to] once (a page of events; see ObservedRecords.prefetch). */
  prefetch(from: string, to: string): Promise<void> {
    return this.deps.records.prefetch(from, to);
  }

  /** Forgets what `prefetch` read. */
  clear(): void {
    this.deps.records.clear();
  }

  /** A resource changed at `at`: its meta.lastModified, and who changed it. */
  async changed(kind: ResourceKind, id: string, at: string, origin: ChangeOrigin, by?: ObservedOrigin): Promise<void> {
    await this.deps.state.recordChange(kind, id, new Date(at));
    await this.deps.observations.recordChange(kind, id, { at, origin, ...(by ? { by: { ...by } } : {}) });
    this.counts.changes += 1;
  }

  /** The bridge wrote these attributes: their drift, if any, is overwritten (closed). */
  async bridgeWrote(kind: ResourceKind, id: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    this.counts.driftClosed += await this.deps.drift.close(kind, id, keys);
  }

  /**
   * Someone else changed owned attributes: one `drift` record (who, which attributes, from, to),
   * and each attribute opened as drift, or updated (its `from` stays the bridge's value), or
   * closed when it is back at the bridge's value.
   */
  async drifted(subject: ObservedSubject, changes: readonly OwnedChange[], at: string, seed: string, origin: ObservedOrigin, options: { skipKnown?: boolean } = {}): Promise<void> {
    if (options.skipKnown) changes = await this.notYetOpen(subject, changes);
    if (changes.length === 0) return;
    const record = await this.deps.records.append('drift', subject, seed, at, origin, changes);
    if (record.appended) this.counts.drift += 1;
    for (const change of changes) {
      const open = await this.deps.drift.get(subject.resourceType, subject.id, change.key);
      if (open && sameValue(open.from, change.after)) {
        this.counts.driftClosed += await this.deps.drift.close(subject.resourceType, subject.id, [change.key]);
        continue;
      }
      const drift: OpenDrift = {
        resourceType: subject.resourceType,
        resourceId: subject.id,
        key: change.key,
        attribute: change.attribute,
        jumpcloudField: change.jumpcloudField,
        ...(record.name !== undefined ? (subject.resourceType === 'User' ? { userName: record.name } : { displayName: record.name }) : {}),
        source: origin.source,
        openedAt: open?.openedAt ?? at,
        updatedAt: at,
        auditId: record.id,
      };
      const from = open ? open.from : change.before;
      if (from !== undefined) drift.from = from;
      if (change.after !== undefined) drift.to = change.after;
      if (origin.initiatedBy) drift.initiatedBy = { ...origin.initiatedBy, ...(origin.authMethod ? { authMethod: origin.authMethod } : {}) };
      await this.deps.drift.put(drift);
    }
  }

  /** The changes whose new value is not already what an open drift says (a companion event repeating one). */
  private async notYetOpen(subject: ObservedSubject, changes: readonly OwnedChange[]): Promise<OwnedChange[]> {
    const fresh: OwnedChange[] = [];
    for (const change of changes) {
      const open = await this.deps.drift.get(subject.resourceType, subject.id, change.key);
      if (!open || !sameValue(open.to, change.after)) fresh.push(change);
    }
    return fresh;
  }

  /**
   * The resource is gone from JumpCloud: forgotten by the state stores, its drift closed; an
   * `external_delete` record when someone other than the bridge deleted it.
   */
  async deleted(subject: ObservedSubject, at: string, seed: string, origin: ChangeOrigin, by: ObservedOrigin): Promise<void> {
    if (origin === 'external') {
      const record = await this.deps.records.append('external_delete', subject, seed, at, by);
      if (record.appended) this.counts.externalDeletes += 1;
    }
    await this.deps.drift.close(subject.resourceType, subject.id);
    await this.deps.observations.forget(subject.resourceType, subject.id);
    await this.deps.state.forget(subject.resourceType, subject.id);
  }

  /**
   * A password-pending user completed activation: one `activated` record (a first login shows as
   * both a user_update and a user_password_set: the second finds the first and adds nothing).
   */
  async activated(subject: ObservedSubject, at: string, seed: string, by: ObservedOrigin): Promise<void> {
    const since = new Date(Date.parse(at) - ACTIVATION_DEDUP_MS).toISOString();
    if (await this.deps.records.hasRecent(subject, 'activated', since)) return;
    const record = await this.deps.records.append('activated', subject, seed, at, by);
    if (record.appended) this.counts.activations += 1;
  }

  /**
   * Whether the journal shows the user as still password pending: the bridge created them
   * (joiner) and neither a password nor an activation was recorded since.
   */
  async pendingByJournal(subject: ObservedSubject): Promise<boolean> {
    for (const record of await this.deps.records.history(subject)) {
      if (record.type === 'activated' || record.type === 'password_set') return false;
      if (record.type === 'joiner') return record.outcome === 'succeeded' || record.outcome === 'interrupted';
    }
    return false;
  }
}
