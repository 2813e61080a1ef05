/**
 * What one client has seen of the case of JumpCloud's v2 `search` operator on group names.
 * JumpCloud.SDK.V2.json (`trait:filter:filter`) says filter values are "case sensitive", and
 * nothing confirms whether `search` honours that, so only an observed answer settles it. Only
 * the positive is remembered: an answer can prove that `search` ignores case (it returned a name
 * holding the run only in another case), while no answer proves that it does not.
 */
export class GroupSearchCase {
  private seenIgnoringCase = false;

  /** Whether a `search` of this client was seen to ignore case. False means "not known". */
  get knownInsensitive(): boolean {
    return this.seenIgnoringCase;
  }

  /**
   * Learns from the group names one `name:search:<run>` answered: a name that holds `run` only
   * in another case proves the search ignores case (a case-sensitive one could not return it).
   */
  learn(run: string, names: readonly unknown[]): void {
    const folded = run.toLowerCase();
    if (names.some((name) => typeof name === 'string' && !name.includes(run) && name.toLowerCase().includes(folded))) this.seenIgnoringCase = true;
  }
}
