import { JumpCloudError, MAX_PAGE_SIZE, type JumpCloudClient, type UserGroup } from '../jumpcloud';
import type { ObservedOrigin } from '../lifecycle/audit-record';
import type { MappedSnapshot, ResourceObservation, ResourceObservationStore } from '../state/resource-observation-store';
import type { ResourceKind } from '../state/state-store';
import type { BridgeWriteMatcher } from './bridge-write-matcher';
import type { ChangeRecorder } from './change-recorder';
import { MEMBERS_ATTRIBUTE, membershipKey } from './directory-event-handler';
import { diffTracked, hashValues, trackedFields, trackedValues, type OwnedChange, type TrackedAttribute, type TrackedResources } from './tracked-attributes';

/** Snapshot keys that are not owned attributes (never drift): compared for their own effects. */
const ACTIVATED_KEY = '#activated';
const MEMBERS_KEY = '#members';

/** What one scan did. */
export interface ScanResult {
  users: number;
  groups: number;
  /** Resources whose mapped attributes (or membership) changed since the previous scan. */
  changed: number;
  /** Resources gone since the previous scan. */
  deleted: number;
  /** True when this scan only recorded the baseline (no earlier scan to compare with). */
  baseline: boolean;
}

export interface ReconciliationScanOptions {
  jumpcloud: Pick<JumpCloudClient, 'users' | 'groups' | 'members'>;
  observations: ResourceObservationStore;
  recorder: ChangeRecorder;
  matcher: BridgeWriteMatcher;
  tracked: TrackedResources;
  now?: () => Date;
}

const SCAN_ORIGIN: ObservedOrigin = { source: 'reconciliation_scan' };

/**
 * The fallback when Directory Insights is not available to the key: pages through every user and
 * group, hashes the mapped attributes (and a group's direct members), and compares the hash with
 * the one saved by the previous scan. A difference is a change seen now (meta.lastModified = the
 * time it was seen); it is the bridge's own when the journal shows a bridge write to the resource
 * since the previous scan, else drift on the owned attributes that differ. A resource that is no
 * longer listed (and answers 404 when read: paging may skip one that moved) was deleted.
 */
export class ReconciliationScan {
  private readonly now: () => Date;

  constructor(private readonly options: ReconciliationScanOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** One full pass over users then groups. */
  async scanOnce(): Promise<ScanResult> {
    const startedAt = this.now().toISOString();
    const result: ScanResult = { users: 0, groups: 0, changed: 0, deleted: 0, baseline: false };
    const usersBaseline = !(await this.options.observations.hasSnapshots('User'));
    const groupsBaseline = !(await this.options.observations.hasSnapshots('Group'));
    result.baseline = usersBaseline && groupsBaseline;
    await this.scanUsers(usersBaseline, result);
    await this.scanGroups(groupsBaseline, result);
    await this.scanDeleted('User', startedAt, result);
    await this.scanDeleted('Group', startedAt, result);
    return result;
  }

  private async scanUsers(baseline: boolean, result: ScanResult): Promise<void> {
    const tracked = this.options.tracked.user;
    const fields = [...new Set(['_id', 'username', 'activated', ...trackedFields(tracked)])];
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      const page = await this.options.jumpcloud.users.listPage({ limit: MAX_PAGE_SIZE, skip, sort: ['_id'], fields });
      const seenAt = this.now().toISOString();
      const snapshots = new Map<string, MappedSnapshot>();
      const known = await this.options.observations.getMany('User', page.results.map((user) => user._id));
      for (const user of page.results) {
        const values = trackedValues(tracked, user as Record<string, unknown>);
        values[ACTIVATED_KEY] = user.activated !== false;
        const snapshot = { hash: hashValues(values), values, observedAt: seenAt };
        snapshots.set(user._id, snapshot);
        await this.compare('User', user._id, user.username, known.get(user._id), snapshot, baseline, tracked, result);
      }
      await this.options.observations.saveSnapshots('User', snapshots);
      result.users += page.results.length;
      if (page.results.length < MAX_PAGE_SIZE || skip + MAX_PAGE_SIZE >= page.totalCount) return;
    }
  }

  private async scanGroups(baseline: boolean, result: ScanResult): Promise<void> {
    const tracked = this.options.tracked.group;
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      // No sort: no spec names a v2 sort key (a JumpCloud may refuse one); the default order pages stably.
      const page = await this.options.jumpcloud.groups.listPage({ limit: MAX_PAGE_SIZE, skip });
      const snapshots = new Map<string, MappedSnapshot>();
      const known = await this.options.observations.getMany('Group', page.items.map((group) => group.id));
      for (const group of page.items) {
        const values = trackedValues(tracked, group as Record<string, unknown>);
        if (!this.options.tracked.implicitMembership?.(group)) values[MEMBERS_KEY] = await this.memberIds(group);
        const snapshot = { hash: hashValues(values), values, observedAt: this.now().toISOString() };
        snapshots.set(group.id, snapshot);
        await this.compare('Group', group.id, group.name, known.get(group.id), snapshot, baseline, tracked, result);
      }
      await this.options.observations.saveSnapshots('Group', snapshots);
      result.groups += page.items.length;
      if (page.items.length < MAX_PAGE_SIZE) return;
    }
  }

  private async memberIds(group: UserGroup): Promise<string[]> {
    const ids: string[] = [];
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      const page = await this.options.jumpcloud.members.list(group.id, { limit: MAX_PAGE_SIZE, skip });
      for (const connection of page.items) if (connection.to.type === 'user') ids.push(connection.to.id);
      if (page.items.length < MAX_PAGE_SIZE) return ids.sort();
    }
  }

  private async compare(
    kind: ResourceKind,
    id: string,
    name: string | undefined,
    known: ResourceObservation | undefined,
    snapshot: MappedSnapshot,
    baseline: boolean,
    tracked: readonly TrackedAttribute[],
    result: ScanResult,
  ): Promise<void> {
    const previous = known?.snapshot;
    if (previous?.hash === snapshot.hash) return;
    // The first scan only learns the directory; afterwards an unknown resource is a new one.
    if (!previous && baseline) return;
    result.changed += 1;
    const at = snapshot.observedAt;
    // From the previous snapshot on (a write journaled before it is already in it) to now plus the
    // window (a write JumpCloud applied but the journal has not settled yet).
    const since = previous ? new Date(previous.observedAt) : new Date(Date.parse(at) - this.options.matcher.windowMs);
    const bridge = await this.options.matcher.wroteInRange([id], since, new Date(Date.parse(at) + this.options.matcher.windowMs));
    await this.options.recorder.changed(kind, id, at, bridge ? 'bridge' : 'external', SCAN_ORIGIN);
    if (!previous) return;
    const subject = { resourceType: kind, id, ...(name !== undefined ? { name } : {}) };
    const changes: OwnedChange[] = diffTracked(tracked, previous.values, snapshot.values);
    const membership = kind === 'Group' ? membershipChanges(previous.values[MEMBERS_KEY], snapshot.values[MEMBERS_KEY]) : [];
    // A membership change is also a change of the member (its `groups`).
    for (const change of membership) await this.options.recorder.changed('User', (change.after ?? change.before) as string, at, bridge ? 'bridge' : 'external', SCAN_ORIGIN);
    const all = [...changes, ...membership];
    const seed = `scan:${kind}:${id}:${snapshot.hash}`;
    if (bridge) await this.options.recorder.bridgeWrote(kind, id, all.map((change) => change.key));
    else await this.options.recorder.drifted(subject, all, at, seed, SCAN_ORIGIN);
    if (kind === 'User' && previous.values[ACTIVATED_KEY] === false && snapshot.values[ACTIVATED_KEY] === true) {
      await this.options.recorder.activated(subject, at, seed, SCAN_ORIGIN);
    }
  }

  private async scanDeleted(kind: ResourceKind, startedAt: string, result: ScanResult): Promise<void> {
    for (const id of await this.options.observations.notObservedSince(kind, startedAt)) {
      if (await this.stillExists(kind, id)) continue;
      const at = this.now().toISOString();
      const known = await this.options.observations.get(kind, id);
      const since = new Date(known?.snapshot?.observedAt ?? at);
      const bridge = await this.options.matcher.wroteInRange([id], since, new Date(Date.parse(at) + this.options.matcher.windowMs));
      await this.options.recorder.deleted({ resourceType: kind, id }, at, `scan:${kind}:${id}:deleted`, bridge ? 'bridge' : 'external', SCAN_ORIGIN);
      result.deleted += 1;
    }
  }

  /** Paging by offset can skip a resource when others are deleted meanwhile: read it to be sure. */
  private async stillExists(kind: ResourceKind, id: string): Promise<boolean> {
    try {
      if (kind === 'User') await this.options.jumpcloud.users.get(id, { fields: ['_id'] });
      else await this.options.jumpcloud.groups.get(id);
      return true;
    } catch (err) {
      if (err instanceof JumpCloudError && err.status === 404) return false;
      throw err;
    }
  }
}

/** Members added and removed between two sorted id lists, as owned changes of `members`. */
function membershipChanges(before: unknown, after: unknown): OwnedChange[] {
  if (!Array.isArray(before) || !Array.isArray(after)) return [];
  const was = new Set(before as string[]);
  const is = new Set(after as string[]);
  const changes: OwnedChange[] = [];
  for (const id of is) if (!was.has(id)) changes.push({ key: membershipKey(id), attribute: MEMBERS_ATTRIBUTE, jumpcloudField: MEMBERS_ATTRIBUTE, after: id });
  for (const id of was) if (!is.has(id)) changes.push({ key: membershipKey(id), attribute: MEMBERS_ATTRIBUTE, jumpcloudField: MEMBERS_ATTRIBUTE, before: id });
  return changes;
}
