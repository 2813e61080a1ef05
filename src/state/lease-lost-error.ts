/**
 * Thrown when a replica that once led the change feed tries to move the shared feed state after
 * its lease ended (it expired while the replica was paused or cut off, or another replica took
 * it): nothing was written, and the replica must stop running the feed.
 */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';

  /**
   * @param lease the lease name (the `lease` table's key), e.g. the change feed's
   * @param holder the replica that believed it held it
   */
  constructor(
    readonly lease: string,
    readonly holder: string,
  ) {
    super(`the change feed lease ${lease} is no longer held by this replica; another replica leads the feed now`);
  }
}
