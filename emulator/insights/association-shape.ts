import type { AssociationEnd, AssociationMutation, EmulatorOptions } from '../context';

/**
 * The event keys of an `association_change`, in the shape `EmulatorOptions.associationEvent` asks.
 *
 * `observed` (real events, NOTES.md "Observed in real events"): no `resource` key at all;
 * `association: {op, action_source, connection: {from, to}, attributes: null}` where each end is
 * `{name, type, object_id}`. `action_source` is `manual`, the only value seen.
 *
 * `documented` (the shape the emulator had before real events were seen): the group is the
 * event's `resource {type, id, name}`, and the ends are `{type, id}`.
 */
export function associationKeys(mutation: AssociationMutation, shape: EmulatorOptions['associationEvent']): Record<string, unknown> {
  const { op, from, to } = mutation.association;
  if (shape === 'observed') {
    return { association: { op, action_source: 'manual', connection: { from: observedEnd(from), to: observedEnd(to) }, attributes: null } };
  }
  const group = [from, to].find((end) => end.type === 'user_group') ?? from;
  return {
    resource: { type: group.type, id: group.id, name: group.name },
    association: { op, connection: { from: { type: from.type, id: from.id }, to: { type: to.type, id: to.id } } },
  };
}

function observedEnd(end: AssociationEnd): Record<string, unknown> {
  return { name: end.name, type: end.type, object_id: end.id };
}
