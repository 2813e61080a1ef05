/**
 * Keeps the first `limit` items under a comparator while items stream past, in O(limit) memory
 * and O(log limit) per item (a bounded max-heap whose root is the worst item kept). A sorted page
 * `startIndex..startIndex+count-1` needs only the first `startIndex + count - 1` items, so a
 * bridge-side sort of a 100,000-user directory read page by page never holds all of it. Without
 * a comparator it keeps `limit` items in stream order after the first `skip` (a filtered scan
 * with no sortBy).
 */
export class TopK<T> {
  private readonly heap: T[] = [];
  private offered = 0;

  /**
   * @param limit how many of the best items to keep (0 keeps none, but still counts).
   * @param compare a total order, negative when `a` comes first; absent keeps stream order.
   * @param skip without a comparator: how many leading items of the stream to count but not keep
   *   (they precede the page); with one it must be 0, as any later item may still rank first.
   */
  constructor(
    private readonly limit: number,
    private readonly compare?: (a: T, b: T) => number,
    private readonly skip = 0,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`TopK limit must be an integer >= 0; got ${limit}.`);
    if (!Number.isSafeInteger(skip) || skip < 0 || (compare && skip > 0)) throw new Error(`TopK skip must be an integer >= 0, and 0 with a comparator; got ${skip}.`);
  }

  /**
   * A collector for the page `startIndex`/`count` of RFC 7644 §3.4.2.4. Sorted, it must keep the
   * best `startIndex - 1 + count` items (the caller bounds that: `MAX_SORT_WINDOW`); in stream
   * order it keeps only the page's `count` items, however far out the page is.
   */
  static forPage<T>(page: { startIndex: number; count: number }, compare?: (a: T, b: T) => number): TopK<T> {
    if (page.count === 0) return new TopK(0, compare);
    return compare ? new TopK(page.startIndex - 1 + page.count, compare) : new TopK(page.count, undefined, page.startIndex - 1);
  }

  /** How many items were offered: the `totalResults` of the stream. */
  get seen(): number {
    return this.offered;
  }

  /** Offers one item; it is kept only while it is among the best `limit` seen so far. */
  offer(item: T): void {
    this.offered += 1;
    if (this.limit === 0 || this.offered <= this.skip) return;
    if (this.heap.length < this.limit) {
      this.heap.push(item);
      if (this.compare) this.siftUp(this.heap.length - 1);
      return;
    }
    if (!this.compare) return;
    const worst = this.heap[0] as T;
    if (this.compare(item, worst) < 0) {
      this.heap[0] = item;
      this.siftDown(0);
    }
  }

  /** Offers every item of one page of the stream. */
  offerAll(items: Iterable<T>): void {
    for (const item of items) this.offer(item);
  }

  /** The kept items, best first (in stream order without a comparator). */
  items(): T[] {
    return this.compare ? [...this.heap].sort(this.compare) : [...this.heap];
  }

  /** The items of the page `startIndex`/`count` (1-based, over the whole stream), best first. */
  page(startIndex: number, count: number): T[] {
    const from = Math.max(startIndex - 1 - this.skip, 0);
    return this.items().slice(from, from + count);
  }

  private order(a: T, b: T): number {
    return this.compare ? this.compare(a, b) : 0;
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.order(this.at(child), this.at(parent)) <= 0) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let largest = parent;
      if (left < this.heap.length && this.order(this.at(left), this.at(largest)) > 0) largest = left;
      if (right < this.heap.length && this.order(this.at(right), this.at(largest)) > 0) largest = right;
      if (largest === parent) return;
      this.swap(parent, largest);
      parent = largest;
    }
  }

  private at(index: number): T {
    return this.heap[index] as T;
  }

  private swap(a: number, b: number): void {
    const item = this.at(a);
    this.heap[a] = this.at(b);
    this.heap[b] = item;
  }
}
