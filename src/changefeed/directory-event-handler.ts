import type { DirectoryEvent } from '../jumpcloud';
import type { ObservedOrigin } from '../lifecycle/audit-record';
import type { ChangeOrigin } from '../state/resource-observation-store';
import { membershipOf, type MembershipChange } from './association-membership';
import type { BridgeWriteMatcher } from './bridge-write-matcher';
import type { ChangeRecorder } from './change-recorder';
import { madeByPerson } from './event-author';
import type { KeyAdministrator } from './key-administrator';
import { ownedChanges, type OwnedChange, type TrackedResources } from './tracked-attributes';

/** The Directory Insights event types the feed acts on; others are read and skipped. */
export const HANDLED_EVENT_TYPES = new Set([
  'user_create',
  'user_update',
  'user_delete',
  'user_suspended',
  'user_unsuspended',
  'user_activated',
  'user_password_set',
  'group_create',
  'group_update',
  'group_delete',
  'association_change',
]);

/** The SCIM attribute and JumpCloud field of a group's direct membership. */
export const MEMBERS_ATTRIBUTE = 'members';

/** The drift key of one user's membership of a group. */
export function membershipKey(userId: string): string {
  return `members:${userId}`;
}

/** The event's id as a stable string (DI always sends one; a hash of the event otherwise). */
export function eventIdOf(event: DirectoryEvent): string {
  return typeof event.id === 'string' && event.id !== '' ? event.id : `${event.timestamp}:${event.event_type}:${JSON.stringify(event.resource ?? event.association ?? {})}`;
}

/**
 * The JumpCloud objects an event changed: its resource, or for an association_change the group
 * and the user of the membership (real association events have no `resource`).
 */
function objectIdsOf(event: DirectoryEvent): string[] {
  if (event.event_type === 'association_change') {
    const membership = membershipOf(event);
    return membership ? [membership.groupId, membership.userId] : [];
  }
  return typeof event.resource?.id === 'string' ? [event.resource.id] : [];
}

function originOf(event: DirectoryEvent): ObservedOrigin {
  const initiated = event.initiated_by ?? {};
  const initiatedBy: NonNullable<ObservedOrigin['initiatedBy']> = {};
  if (typeof initiated.type === 'string') initiatedBy.type = initiated.type;
  if (typeof initiated.id === 'string') initiatedBy.id = initiated.id;
  if (typeof initiated.email === 'string') initiatedBy.email = initiated.email;
  return {
    source: 'directory_insights',
    ...(typeof event.id === 'string' ? { eventId: event.id } : {}),
    eventType: event.event_type,
    initiatedBy,
    ...(typeof event.auth_method === 'string' ? { authMethod: event.auth_method } : {}),
  };
}

/**
 * Applies one Directory Insights event: meta.lastModified of every resource it changed (a
 * membership change is a change of the group AND of the member, whose `groups` changed), its
 * origin (the bridge's own write, matched to its journal, or someone else's), and for
 * someone else's: drift on owned attributes, `external_delete`, `activated`.
 */
export class DirectoryEventHandler {
  constructor(
    private readonly deps: { recorder: ChangeRecorder; matcher: BridgeWriteMatcher; tracked: TrackedResources; keyAdmin: KeyAdministrator },
  ) {}

  /**
   * Before a page of events: reads the journal's writes around the page's events that may be the
   * bridge's (all but a person's) once, instead of once per event. Call `done()` after the page.
   */
  async prepare(events: readonly DirectoryEvent[]): Promise<void> {
    const times = events.map((event) => Date.parse(event.timestamp)).filter((ms) => !Number.isNaN(ms));
    if (times.length === 0) return;
    const from = new Date(Math.min(...times));
    const to = new Date(Math.max(...times));
    await this.deps.recorder.prefetch(from.toISOString(), to.toISOString());
    const keyed = events.filter((event) => !madeByPerson(event) && !Number.isNaN(Date.parse(event.timestamp)));
    if (keyed.length === 0) return;
    const keyedTimes = keyed.map((event) => Date.parse(event.timestamp));
    await this.deps.matcher.prefetch(new Date(Math.min(...keyedTimes)), new Date(Math.max(...keyedTimes)));
    await this.learnKeyAdmin(keyed);
  }

  /** Until the API key's admin is known: learns it from the page's events that match journaled writes. */
  private async learnKeyAdmin(keyed: readonly DirectoryEvent[]): Promise<void> {
    if ((await this.deps.keyAdmin.known()) !== undefined) return;
    const matched: DirectoryEvent[] = [];
    for (const event of keyed) {
      if (!HANDLED_EVENT_TYPES.has(event.event_type)) continue;
      const ids = objectIdsOf(event);
      if (ids.length > 0 && (await this.deps.matcher.wroteAround(ids, new Date(event.timestamp)))) matched.push(event);
    }
    await this.deps.keyAdmin.learnFrom(matched);
  }

  /** After a page: the prefetched journal windows are dropped (later writes are not in them). */
  done(): void {
    this.deps.matcher.clear();
    this.deps.recorder.clear();
  }

  /** Applies the event; answers false when its type is not one the feed acts on. */
  async handle(event: DirectoryEvent): Promise<boolean> {
    if (!HANDLED_EVENT_TYPES.has(event.event_type)) return false;
    const at = new Date(event.timestamp).toISOString();
    const by = originOf(event);
    const seed = `di:${eventIdOf(event)}`;
    if (event.event_type === 'association_change') {
      const membership = membershipOf(event);
      if (!membership) return false;
      const origin = await this.origin(event, objectIdsOf(event), at);
      await this.association(membership, at, origin, by, seed);
      return true;
    }
    const id = typeof event.resource?.id === 'string' ? event.resource.id : undefined;
    if (id === undefined) return false;
    const kind = event.event_type.startsWith('user_') ? 'User' : 'Group';
    const origin = await this.origin(event, [id], at);
    const name = kind === 'User' ? event.resource?.username : event.resource?.name;
    const subject = { resourceType: kind, id, ...(typeof name === 'string' ? { name } : {}) } as const;
    if (event.event_type === 'user_delete' || event.event_type === 'group_delete') {
      await this.deps.recorder.deleted(subject, at, seed, origin, by);
      return true;
    }
    await this.deps.recorder.changed(kind, id, at, origin, by);
    const owned = ownedChanges(kind === 'User' ? this.deps.tracked.user : this.deps.tracked.group, event.changes);
    if (origin === 'bridge') await this.deps.recorder.bridgeWrote(kind, id, owned.map((change) => change.key));
    // user_suspended & co. repeat the state change their user_update already listed.
    else await this.deps.recorder.drifted(subject, owned, at, seed, by, { skipKnown: !event.event_type.endsWith('_update') });
    if (kind === 'User' && (await this.completesActivation(event, subject))) await this.deps.recorder.activated(subject, at, seed, by);
    return true;
  }

  /**
   * The bridge's own write: the journal holds a write to one of `ids` around the event's time, a
   * person did not make it (console session, self-service), and it is not by another admin than
   * the one who owns the API key. The spelling of `auth_method` for a key is not relied on.
   */
  private async origin(event: DirectoryEvent, ids: readonly string[], at: string): Promise<ChangeOrigin> {
    if (madeByPerson(event)) return 'external';
    if (!(await this.deps.matcher.wroteAround(ids, new Date(at)))) return 'external';
    return (await this.deps.keyAdmin.accepts(event)) ? 'bridge' : 'external';
  }

  private async association(membership: MembershipChange, at: string, origin: ChangeOrigin, by: ObservedOrigin, seed: string): Promise<void> {
    const { groupId, groupName: name, userId, op } = membership;
    await this.deps.recorder.changed('Group', groupId, at, origin, by);
    await this.deps.recorder.changed('User', userId, at, origin, by);
    if (op === undefined) return;
    const key = membershipKey(userId);
    if (origin === 'bridge') {
      await this.deps.recorder.bridgeWrote('Group', groupId, [key]);
      return;
    }
    if (this.deps.tracked.implicitMembership?.({ ...(name !== undefined ? { name } : {}) })) return;
    const change: OwnedChange = { key, attribute: MEMBERS_ATTRIBUTE, jumpcloudField: MEMBERS_ATTRIBUTE, ...(op === 'add' ? { after: userId } : { before: userId }) };
    await this.deps.recorder.drifted({ resourceType: 'Group', id: groupId, ...(name !== undefined ? { name } : {}) }, [change], at, seed, by);
  }

  /**
   * A password-pending user completed activation: `activated` went false -> true, or the user set
   * their own password (user_password_set initiated by themselves) while the journal still has
   * them pending (JumpCloud may not list `activated` among the changes).
   */
  private async completesActivation(event: DirectoryEvent, subject: { resourceType: 'User' | 'Group'; id: string }): Promise<boolean> {
    const flag = event.changes?.find((change) => change.field === 'activated');
    if (flag) return flag.from === false && flag.to === true;
    if (event.event_type !== 'user_password_set') return false;
    if (event.initiated_by?.type !== 'user' || event.initiated_by.id !== subject.id) return false;
    return this.deps.recorder.pendingByJournal(subject);
  }
}
