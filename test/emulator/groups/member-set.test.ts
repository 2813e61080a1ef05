import { MemberSet } from '../../../emulator/groups/member-set';

describe('MemberSet', () => {
  it('keeps insertion order and refuses duplicates', () => {
    const set = new MemberSet();
    expect(set.add('c')).toBe(true);
    expect(set.add('a')).toBe(true);
    expect(set.add('b')).toBe(true);
    expect(set.add('a')).toBe(false);
    expect(set.window(0, 10)).toEqual(['c', 'a', 'b']);
    expect(set.size).toBe(3);
  });

  it('removes without reordering the others', () => {
    const set = new MemberSet();
    ['a', 'b', 'c', 'd', 'e'].forEach((id) => set.add(id));
    expect(set.remove('b')).toBe(true);
    expect(set.remove('b')).toBe(false);
    expect(set.window(0, 10)).toEqual(['a', 'c', 'd', 'e']);
    expect(set.window(1, 2)).toEqual(['c', 'd']);
    expect(set.has('b')).toBe(false);
    set.add('b');
    expect(set.window(0, 10)).toEqual(['a', 'c', 'd', 'e', 'b']);
  });

  it('agrees with a naive list through growth, many removals and compaction', () => {
    const set = new MemberSet();
    const naive: string[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let step = 0; step < 20000; step += 1) {
      const id = `u${next() % 3000}`;
      if (next() % 3 === 0) {
        expect(set.remove(id)).toBe(naive.includes(id));
        const at = naive.indexOf(id);
        if (at >= 0) naive.splice(at, 1);
      } else {
        expect(set.add(id)).toBe(!naive.includes(id));
        if (!naive.includes(id)) naive.push(id);
      }
      if (step % 997 === 0) {
        const skip = next() % (naive.length + 1);
        expect(set.window(skip, 25)).toEqual(naive.slice(skip, skip + 25));
      }
    }
    expect([...set.values()]).toEqual(naive);
    expect(set.size).toBe(naive.length);
  });

  it('pages the end of 100,000 members without walking from the start', () => {
    const set = new MemberSet();
    for (let i = 0; i < 100_000; i += 1) set.add(`user${i}`);
    // Holes spread through the set: removing every 7th member.
    for (let i = 0; i < 100_000; i += 7) set.remove(`user${i}`);
    const total = set.size;
    const last = set.window(total - 10, 100);
    expect(last).toHaveLength(10);
    expect(last[last.length - 1]).toBe('user99999');
    // A Fenwick descent is log2(capacity) = 17 steps; the scan covers 10 members plus at most a
    // couple of holes. A walk from the start would touch ~100,000 slots.
    expect(set.lastWindowCost).toBeLessThan(40);
    set.window(0, 100);
    const firstPageCost = set.lastWindowCost;
    set.window(total - 100, 100);
    expect(set.lastWindowCost).toBeLessThanOrEqual(firstPageCost + 20);
  });

  it('clear empties it', () => {
    const set = new MemberSet();
    set.add('a');
    set.clear();
    expect(set.size).toBe(0);
    expect(set.window(0, 10)).toEqual([]);
    set.add('b');
    expect(set.window(0, 10)).toEqual(['b']);
  });
});
