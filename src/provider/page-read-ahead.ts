/** One page of a JumpCloud list and JumpCloud's count of all matches. */
export interface ListPage<T> {
  results: T[];
  totalCount: number;
}

/** Settings of the read-ahead. */
export interface PageReadAheadOptions {
  /** Longest a page read ahead waits for its client before it is thrown away. */
  ttlMs: number;
  /** Most pages held (and most queries remembered) at once: memory stays a few pages. */
  maxEntries: number;
  now?: () => number;
}

interface AheadPage<T> {
  page: Promise<ListPage<T> | undefined>;
  readAt: number;
}

/**
 * Reads the next page of an aggregation from JumpCloud while the client is still busy with this one.
 *
 * A SCIM client aggregating a directory (SailPoint's account aggregation) asks for one page of
 * 100 at a time and waits for it; each page then costs the bridge's work plus a JumpCloud round
 * trip, one after the other. Once a client has asked for two pages of one query in a row, the
 * page after the one it just got is read at once, and handed over when asked for (issue 13: an
 * aggregation of 100,000 users took 2.4 times as long through the bridge as paging JumpCloud
 * directly, with the bridge's CPU per page smaller than JumpCloud's time per page).
 *
 * It costs no extra JumpCloud call on an aggregation read to the end: a page is read ahead only
 * when JumpCloud's count says it exists, and only for a client that is paging. A page read ahead
 * is used once, within `ttlMs`; any write through the bridge throws every one away (`invalidate`),
 * so a client never reads a page older than its own last write. A change made in JumpCloud
 * itself may be up to `ttlMs` older in that page than a read at the moment of asking, which offset
 * paging over a changing directory cannot promise anyway.
 */
export class PageReadAhead<T> {
  private readonly ahead = new Map<string, AheadPage<T>>();
  /**
   * Reads of a page under way (a client's or a read ahead): a second request for the same page
   * meanwhile joins it instead of asking JumpCloud again, and no page is read ahead twice. Clients
   * paging one query side by side (16 connections in the bench) otherwise read ahead pages they
   * had already asked for: 1.6 JumpCloud calls a page instead of 1.
   */
  private readonly inFlight = new Map<string, Promise<ListPage<T>>>();
  /** The last offset served for each query, to see a client paging (insertion order = recency). */
  private readonly lastServed = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: PageReadAheadOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Throws away every page read ahead: a write through the bridge may have changed any of them. */
  invalidate(): void {
    this.ahead.clear();
    // Reads started before the write still answer those who asked before it; nobody joins them now.
    this.inFlight.clear();
  }

  /** Pages held now (for tests and metrics). */
  get held(): number {
    return this.ahead.size;
  }

  /**
   * Page `skip`..`skip + limit` of the query `key` (its JumpCloud parameters but the offset),
   * from a read ahead when one is waiting, else from `fetch`; then reads the next page ahead
   * when the client is paging through this query.
   */
  async read(key: string, skip: number, limit: number, fetch: (skip: number) => Promise<ListPage<T>>): Promise<ListPage<T>> {
    const page = (await this.take(key, skip)) ?? (await this.shared(key, skip, fetch));
    const paging = this.lastServed.get(key) === skip - limit;
    this.remember(this.lastServed, key, skip);
    const next = skip + limit;
    const nextSlot = slot(key, next);
    if (paging && page.results.length === limit && next < page.totalCount && !this.ahead.has(nextSlot)) {
      // Joins the read of that page when a client is already reading it (shared). A failed read
      // ahead is forgotten: the client's own request then reads (and retries) itself.
      this.remember(this.ahead, nextSlot, { page: this.shared(key, next, fetch).catch(() => undefined), readAt: this.now() });
    }
    return page;
  }

  /** Reads page `skip` of `key`, or joins the read of it already under way. */
  private shared(key: string, skip: number, fetch: (skip: number) => Promise<ListPage<T>>): Promise<ListPage<T>> {
    const id = slot(key, skip);
    const running = this.inFlight.get(id);
    if (running) return running;
    const read = fetch(skip).finally(() => {
      if (this.inFlight.get(id) === read) this.inFlight.delete(id);
    });
    this.inFlight.set(id, read);
    return read;
  }

  private async take(key: string, skip: number): Promise<ListPage<T> | undefined> {
    const id = slot(key, skip);
    const waiting = this.ahead.get(id);
    if (!waiting) return undefined;
    this.ahead.delete(id);
    if (this.now() - waiting.readAt > this.options.ttlMs) return undefined;
    return waiting.page;
  }

  /** Sets `key` as the most recent entry of `map`, dropping the oldest past `maxEntries`. */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    while (map.size > this.options.maxEntries) {
      const oldest = map.keys().next().value as string;
      map.delete(oldest);
    }
  }
}

function slot(key: string, skip: number): string {
  return `${skip} ${key}`;
}
