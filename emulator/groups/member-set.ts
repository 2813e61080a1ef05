/**
 * The direct members of one group, kept in the order they were added (JumpCloud lists members in
 * a stable order, and a client paging with `skip` must never see a member twice or miss one when
 * nothing changed between pages).
 *
 * Structure: an append-only slot array (removed members leave a hole), a map id -> slot, and a
 * Fenwick tree counting the live slots. Add and remove are O(log n); finding the `skip`-th live
 * member is an O(log n) descent of the tree instead of a walk from the start, so the last page of
 * a 100,000-member group costs the same as the first. Holes are compacted away once they
 * outnumber the live members (amortised O(1) per removal).
 *
 * A swap-remove array would be O(1) too but reorders members, which shifts pages under a client.
 */
export class MemberSet {
  private static readonly MIN_CAPACITY = 16;
  /** Below this many holes compaction is not worth its O(n) pass. */
  private static readonly MIN_HOLES_TO_COMPACT = 1024;
  private slots: (string | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Fenwick tree over slots (1-based); `capacity` is a power of two so the descent is simple. */
  private tree = new Int32Array(MemberSet.MIN_CAPACITY + 1);
  private capacity = MemberSet.MIN_CAPACITY;
  private holes = 0;
  /** Tree nodes and slots the last `window` call touched: lets tests prove paging is not a scan. */
  lastWindowCost = 0;


  /** Number of members. */
  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Appends `id`; false when it was already a member. */
  add(id: string): boolean {
    if (this.slotOf.has(id)) return false;
    const slot = this.slots.length;
    if (slot >= this.capacity) this.rebuildTree(this.capacity * 2);
    this.slots.push(id);
    this.slotOf.set(id, slot);
    this.bump(slot, 1);
    return true;
  }

  /** Removes `id`; false when it was not a member. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.slotOf.delete(id);
    this.slots[slot] = undefined;
    this.bump(slot, -1);
    this.holes += 1;
    if (this.holes > MemberSet.MIN_HOLES_TO_COMPACT && this.holes > this.slotOf.size) this.compact();
    return true;
  }

  /** Up to `limit` members starting at the `skip`-th (0-based), in insertion order. */
  window(skip: number, limit: number): string[] {
    this.lastWindowCost = 0;
    const out: string[] = [];
    if (limit <= 0 || skip >= this.slotOf.size) return out;
    let slot = this.slotOfRank(skip);
    while (slot < this.slots.length && out.length < limit) {
      this.lastWindowCost += 1;
      const id = this.slots[slot];
      if (id !== undefined) out.push(id);
      slot += 1;
    }
    return out;
  }

  /** Every member, in insertion order. */
  *values(): IterableIterator<string> {
    for (const id of this.slots) if (id !== undefined) yield id;
  }

  /** Removes every member. */
  clear(): void {
    this.slots = [];
    this.slotOf.clear();
    this.holes = 0;
    this.rebuildTree(MemberSet.MIN_CAPACITY);
  }

  /** Slot index (0-based) of the live member with 0-based rank `rank`; rank < size. */
  private slotOfRank(rank: number): number {
    // Standard Fenwick descent: the largest position whose prefix count is <= rank.
    let position = 0;
    let remaining = rank + 1;
    for (let step = this.capacity; step > 0; step >>= 1) {
      this.lastWindowCost += 1;
      const next = position + step;
      if (next <= this.capacity && (this.tree[next] ?? 0) < remaining) {
        position = next;
        remaining -= this.tree[next] ?? 0;
      }
    }
    return position; // 1-based position + 1 of the answer, i.e. its 0-based slot
  }

  private bump(slot: number, delta: number): void {
    for (let i = slot + 1; i <= this.capacity; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) + delta;
  }

  /** Rebuilds the tree for `capacity` slots in O(capacity). */
  private rebuildTree(capacity: number): void {
    let size = MemberSet.MIN_CAPACITY;
    while (size < capacity) size *= 2;
    this.capacity = size;
    this.tree = new Int32Array(size + 1);
    for (let i = 0; i < this.slots.length; i += 1) if (this.slots[i] !== undefined) this.tree[i + 1] = 1;
    for (let i = 1; i <= size; i += 1) {
      const parent = i + (i & -i);
      if (parent <= size) this.tree[parent] = (this.tree[parent] ?? 0) + (this.tree[i] ?? 0);
    }
  }

  private compact(): void {
    const live = [...this.values()];
    this.slots = live;
    this.slotOf.clear();
    live.forEach((id, slot) => this.slotOf.set(id, slot));
    this.holes = 0;
    this.rebuildTree(Math.max(MemberSet.MIN_CAPACITY, live.length));
  }
}
