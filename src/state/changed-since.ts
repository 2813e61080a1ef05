import type { ChangedResource, ResourceKind, StateStore } from './state-store';

/** Ids per page of `streamChangedSince`: one JumpCloud batch (100 ids per search). */
export const CHANGED_SINCE_PAGE = 100;

/**
 * Every resource of `kind` changed since `since`, streamed in pages of `pageSize` through the
 * store's keyset paging, so memory holds one page whatever the number of changes. An id that
 * changes again while the stream runs can come twice (see `ChangedSincePage`): callers dedupe.
 */
export async function* streamChangedSince(
  store: StateStore,
  kind: ResourceKind,
  since: Date,
  inclusive: boolean,
  pageSize: number = CHANGED_SINCE_PAGE,
): AsyncGenerator<ChangedResource[]> {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a whole number >= 1; got ${pageSize}.`);
  let after: ChangedResource | undefined;
  while (true) {
    const page = await store.changedSince(kind, since, inclusive, { after, limit: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1];
  }
}

/** Orders changes as `changedSince` answers them: lastModified, then id (both as text). */
export function compareChanges(a: ChangedResource, b: ChangedResource): number {
  if (a.lastModified !== b.lastModified) return a.lastModified < b.lastModified ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
