import type { EmulatorOptions } from '../context';

/** The array fields whose items JumpCloud stores as sub-documents with ids of their own. */
export const ITEM_ID_FIELDS = ['attributes', 'addresses', 'phoneNumbers'] as const;

/**
 * The items of one array field as a write stores them (a POST, or a PUT that names the field and
 * so replaces it whole).
 *
 * `id-and-_id` (real events, NOTES.md "Observed in real events"): every item of `attributes[]`,
 * `addresses[]` and `phoneNumbers[]` gets `id` and `_id`, both the same new ObjectId, on EVERY
 * replacing write, even when the content is unchanged (real `changes[]` show equal items with
 * different ids). Ids a client sends in items are never kept: JumpCloud assigns its own, and the
 * V1 write definitions (`systemuserputpost`, `systemuserput`) have no `id` on these items, only
 * the read one (`systemuserreturn`) does; the item reader has already dropped them.
 *
 * `none`: the items exactly as the item reader kept them, with no id (documentation-era shape).
 * Other array fields (`relationships`, `restrictedFields`, `ssh_keys`) are never touched here.
 */
export function withItemIds(
  field: string,
  items: Record<string, unknown>[],
  mode: EmulatorOptions['arrayItemIds'],
  newObjectId: () => string,
): Record<string, unknown>[] {
  if (mode === 'none' || !(ITEM_ID_FIELDS as readonly string[]).includes(field)) return items;
  return items.map((item) => {
    const id = newObjectId();
    return { ...item, id, _id: id };
  });
}
