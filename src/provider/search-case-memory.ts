import type { JumpCloudClient } from '../jumpcloud';

// JumpCloud clients whose v2 `search` answered a name holding the searched run only in another
// case: proof that this org's `search` ignores case. Keyed weakly, so a client (one per org)
// takes what was learned with it when it goes.
const searchIgnoresCase = new WeakSet<JumpCloudClient>();

/**
 * Whether `jumpcloud`'s v2 `search` operator has been SEEN to ignore case. False means "not
 * known": JumpCloud.SDK.V2.json (`trait:filter:filter`) says filter values are case sensitive,
 * and nothing confirms whether `search` honours that, so only an observed answer settles it.
 */
export function isSearchKnownCaseInsensitive(jumpcloud: JumpCloudClient): boolean {
  return searchIgnoresCase.has(jumpcloud);
}

/**
 * Learns from one `name:search:<run>` answer: a name that holds `run` only in another case
 * proves the search ignores case (a case-sensitive one could not have returned it).
 */
export function learnSearchCase(jumpcloud: JumpCloudClient, run: string, names: readonly unknown[]): void {
  const folded = run.toLowerCase();
  if (names.some((name) => typeof name === 'string' && !name.includes(run) && name.toLowerCase().includes(folded))) searchIgnoresCase.add(jumpcloud);
}
