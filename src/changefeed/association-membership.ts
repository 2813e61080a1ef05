import type { DirectoryEvent, DirectoryEventAssociationEnd } from '../jumpcloud';

/** A user's direct membership of a group, added or removed, as an `association_change` reports it. */
export interface MembershipChange {
  groupId: string;
  /** The group's name when the event carries it (the end's `name`, or `resource.name`). */
  groupName?: string;
  userId: string;
  /** Undefined when JumpCloud sent an op the feed does not know: the membership changed, how is unknown. */
  op?: 'add' | 'remove';
}

/** Real events name the object `object_id`; JumpCloud's documentation writes `id`. */
function idOf(end: DirectoryEventAssociationEnd | { id?: unknown }): string | undefined {
  const candidate = 'object_id' in end && typeof end.object_id === 'string' && end.object_id !== '' ? end.object_id : end.id;
  return typeof candidate === 'string' && candidate !== '' ? candidate : undefined;
}

function isEnd(value: unknown): value is DirectoryEventAssociationEnd {
  return typeof value === 'object' && value !== null;
}

/**
 * The user <-> user_group membership an `association_change` is about, in either shape: the real
 * one (no `resource`; ends `association.connection.{from,to}` with `object_id`, `type`, `name`)
 * or the documented one (the group as `resource {type: "user_group", id, name}`, ends with `id`).
 * Either end may be the group, so the ends are told apart by `type`, not by position (NOTES.md
 * "Observed in real events"). Undefined for any other edge, e.g. a device (`system`) bound to a
 * user: it changes no group, and no SCIM attribute of the user the bridge serves.
 */
export function membershipOf(event: DirectoryEvent): MembershipChange | undefined {
  const connection = event.association?.connection;
  const ends = [connection?.from, connection?.to].filter(isEnd);
  const userEnd = ends.find((end) => end.type === 'user');
  const userId = userEnd ? idOf(userEnd) : undefined;
  if (userId === undefined) return undefined;
  const other = ends.find((end) => end !== userEnd);
  if (other !== undefined && other.type !== 'user_group') return undefined;
  const resource = event.resource?.type === 'user_group' ? event.resource : undefined;
  const groupId = (other ? idOf(other) : undefined) ?? (resource ? idOf(resource) : undefined);
  if (groupId === undefined) return undefined;
  const name = typeof other?.name === 'string' && other.name !== '' ? other.name : resource?.name;
  const op = event.association?.op === 'add' || event.association?.op === 'remove' ? event.association.op : undefined;
  return { groupId, userId, ...(typeof name === 'string' ? { groupName: name } : {}), ...(op ? { op } : {}) };
}
