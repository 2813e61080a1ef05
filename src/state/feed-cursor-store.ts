/**
 * Where a change feed stands, kept in the bridge database so a restart resumes exactly there.
 * A feed re-reads a look-back window before its position (Directory Insights may index an event
 * late), and remembers the ids of the events it applied inside that window, so the overlap is
 * dropped instead of applied twice.
 */

/** One event a feed has applied. */
export interface SeenEvent {
  id: string;
  /** ISO-8601 time of the event. */
  timestamp: string;
}

/** A feed's saved position. */
export interface FeedCursor {
  /** ISO-8601 time of the newest event applied (or the time the feed started from). */
  position: string;
  /** When the position was last saved. */
  updatedAt: string;
}

export interface FeedCursorStore {
  /** The feed's position, undefined before its first commit. */
  load(feed: string): Promise<FeedCursor | undefined>;
  /** Ids of the events applied at or after `since` (the look-back window). */
  seenSince(feed: string, since: string): Promise<Set<string>>;
  /**
   * Saves, in one transaction: the events just applied, the new position, and the forgetting of
   * seen ids older than `forgetBefore` (outside every future look-back window).
   */
  commit(feed: string, position: string, applied: readonly SeenEvent[], forgetBefore: string, now: Date): Promise<void>;
  /** A value the feed learned from what it read (e.g. the admin behind the API key), undefined before it is learned. */
  learned(feed: string, name: string): Promise<string | undefined>;
  /** Keeps a learned value (replacing an earlier one of the same name). */
  learn(feed: string, name: string, value: string, now: Date): Promise<void>;
}
