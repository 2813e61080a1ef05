import type { EmulatorOptions } from '../context';
import { badRequest } from './http-errors';
import type { SortKey } from './query-params';

/**
 * Applies `unconfirmedSort` to a parsed `sort`: keys no JumpCloud spec confirms (`isConfirmed`
 * false) are honoured, ignored (the whole sort dropped, so the route answers its default order:
 * ascending `_id`, i.e. creation order) or refused with a 400 in JumpCloud's `{message}` shape.
 * A sort of confirmed keys only is always honoured (NOTES.md: `sort=_id` is JumpCloud's advice).
 */
export function sortUnderPolicy(sort: SortKey[], policy: EmulatorOptions['unconfirmedSort'], isConfirmed: (key: SortKey) => boolean): SortKey[] {
  if (policy === 'honour' || sort.every(isConfirmed)) return sort;
  if (policy === 'refuse') throw badRequest('Bad Request: invalid sort');
  return [];
}

/** v1 `GET /systemusers`: only `_id` (either direction) is a documented sort key. */
export function isConfirmedV1SortKey(key: SortKey): boolean {
  return key.field === '_id';
}

/** v2 lists: no spec names a sort key, so none is confirmed. */
export function isConfirmedV2SortKey(): boolean {
  return false;
}
