/**
 * Keeps the first `limit` items under a comparator while items stream past, in O(limit) memory
 * and O(log limit) per item (a bounded max-heap whose root is the worst item kept). A sorted page
 * `startIndex..startIndex+count-1` needs only the first `startIndex + count - 1` items, so a
 * bridge-side sort of a 100,000-user directory read page by page never holds all of it.
 */
export class TopKCollector<T> {
  private readonly heap: T[] = [];
  private offered = 0;

  /**
   * @param limit how many of the best items to keep (0 keeps none, but still counts).
   * @param compare a total order; negative when `a` comes first.
   */
  constructor(
    private readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`TopKCollector limit must be an integer >= 0; got ${limit}.`);
  }

  /** A collector for the page `startIndex`/`count` of RFC 7644 §3.4.2.4. */
  static forPage<T>(page: { startIndex: number; count: number }, compare: (a: T, b: T) => number): TopKCollector<T> {
    return new TopKCollector(page.count === 0 ? 0 : page.startIndex - 1 + page.count, compare);
  }

  /** How many items were offered: the `totalResults` of the stream. */
  get seen(): number {
    return this.offered;
  }

  /** Offers one item; it is kept only while it is among the best `limit` seen so far. */
  add(item: T): void {
    this.offered += 1;
    if (this.limit === 0) return;
    if (this.heap.length < this.limit) {
      this.heap.push(item);
      this.siftUp(this.heap.length - 1);
      return;
    }
    const worst = this.heap[0] as T;
    if (this.compare(item, worst) < 0) {
      this.heap[0] = item;
      this.siftDown(0);
    }
  }

  /** Offers every item of one page of the stream. */
  addAll(items: Iterable<T>): void {
    for (const item of items) this.add(item);
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.heap].sort(this.compare);
  }

  /** The items of the page `startIndex`/`count` (1-based), best first. */
  page(startIndex: number, count: number): T[] {
    return this.sorted().slice(startIndex - 1, startIndex - 1 + count);
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.compare(this.at(child), this.at(parent)) <= 0) return;
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
      if (left < this.heap.length && this.compare(this.at(left), this.at(largest)) > 0) largest = left;
      if (right < this.heap.length && this.compare(this.at(right), this.at(largest)) > 0) largest = right;
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
