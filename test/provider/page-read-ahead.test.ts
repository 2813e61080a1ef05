import { PageReadAhead, type ListPage } from '../../src/provider/page-read-ahead';

const TOTAL = 450;
const LIMIT = 100;

/** A JumpCloud of TOTAL numbered items that records the offsets asked for. */
function fakeJumpCloud(failAt?: number): { fetch: (skip: number) => Promise<ListPage<number>>; asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    fetch: async (skip) => {
      asked.push(skip);
      if (skip === failAt) throw new Error('JumpCloud said no');
      const results = Array.from({ length: Math.max(0, Math.min(LIMIT, TOTAL - skip)) }, (_, i) => skip + i);
      return { results, totalCount: TOTAL };
    },
  };
}

/** Lets the read ahead started by the last read settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PageReadAhead', () => {
  let clock = 0;
  const readAhead = () => new PageReadAhead<number>({ ttlMs: 1000, maxEntries: 4, now: () => clock });
  beforeEach(() => {
    clock = 0;
  });

  it('reads nothing ahead for a single page, then the next page once a client pages, and nothing past the end: one read per page in all', async () => {
    const jc = fakeJumpCloud();
    const pages = readAhead();
    const served: number[] = [];
    for (let skip = 0; skip < TOTAL; skip += LIMIT) {
      served.push(...(await pages.read('q', skip, LIMIT, jc.fetch)).results);
      await settle();
      // After the first page alone, nothing was read ahead.
      if (skip === 0) expect(jc.asked).toEqual([0]);
    }
    expect(served).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    expect(jc.asked).toEqual([0, 100, 200, 300, 400]);
    expect(pages.held).toBe(0);
  });

  it('serves the page read ahead instead of asking again', async () => {
    const jc = fakeJumpCloud();
    const pages = readAhead();
    await pages.read('q', 0, LIMIT, jc.fetch);
    await pages.read('q', 100, LIMIT, jc.fetch);
    expect(pages.held).toBe(1);
    const third = await pages.read('q', 200, LIMIT, jc.fetch);
    expect(third.results[0]).toBe(200);
    expect(jc.asked.filter((skip) => skip === 200)).toHaveLength(1);
  });

  it('after invalidate (a write through the bridge) the page is read again', async () => {
    const jc = fakeJumpCloud();
    const pages = readAhead();
    await pages.read('q', 0, LIMIT, jc.fetch);
    await pages.read('q', 100, LIMIT, jc.fetch);
    pages.invalidate();
    expect(pages.held).toBe(0);
    await pages.read('q', 200, LIMIT, jc.fetch);
    expect(jc.asked.filter((skip) => skip === 200)).toHaveLength(2);
  });

  it('a page read ahead longer than ttlMs ago is read again; so is one whose read failed', async () => {
    const stale = fakeJumpCloud();
    const pages = readAhead();
    await pages.read('q', 0, LIMIT, stale.fetch);
    await pages.read('q', 100, LIMIT, stale.fetch);
    clock += 1001;
    await pages.read('q', 200, LIMIT, stale.fetch);
    expect(stale.asked.filter((skip) => skip === 200)).toHaveLength(2);

    const failing = fakeJumpCloud(200);
    const again = readAhead();
    await again.read('q', 0, LIMIT, failing.fetch);
    await again.read('q', 100, LIMIT, failing.fetch);
    await settle();
    // The client's own read of the page meets the failure itself (and its retries and error mapping).
    await expect(again.read('q', 200, LIMIT, failing.fetch)).rejects.toThrow('JumpCloud said no');
  });

  it('keeps queries apart and holds at most maxEntries pages', async () => {
    const jc = fakeJumpCloud();
    const pages = readAhead();
    for (const query of ['a', 'b', 'c', 'd', 'e', 'f']) {
      await pages.read(query, 0, LIMIT, jc.fetch);
      await pages.read(query, 100, LIMIT, jc.fetch);
    }
    expect(pages.held).toBe(4);
    // 'a' was the oldest: its page was dropped and is read again; 'f' is served from the read ahead.
    const before = jc.asked.length;
    await pages.read('a', 200, LIMIT, jc.fetch);
    await pages.read('f', 200, LIMIT, jc.fetch);
    expect(jc.asked.slice(before).filter((skip) => skip === 200)).toHaveLength(1);
  });

  it('a client going back or jumping is not paging: nothing is read ahead', async () => {
    const jc = fakeJumpCloud();
    const pages = readAhead();
    await pages.read('q', 200, LIMIT, jc.fetch);
    await pages.read('q', 0, LIMIT, jc.fetch);
    await pages.read('q', 300, LIMIT, jc.fetch);
    await settle();
    expect(jc.asked).toEqual([200, 0, 300]);
  });
});

describe('PageReadAhead with reads side by side', () => {
  /** A JumpCloud whose answers wait until released, to hold reads in flight. */
  function heldJumpCloud(): { fetch: (skip: number) => Promise<ListPage<number>>; asked: number[]; release: (only?: number) => void } {
    const asked: number[] = [];
    const waiting: { skip: number; go: () => void }[] = [];
    return {
      asked,
      release: (only) => {
        for (const held of waiting.filter((w) => only === undefined || w.skip === only)) {
          waiting.splice(waiting.indexOf(held), 1);
          held.go();
        }
      },
      fetch: (skip) => {
        asked.push(skip);
        return new Promise((resolve) => waiting.push({ skip, go: () => resolve({ results: Array.from({ length: LIMIT }, (_, i) => skip + i), totalCount: TOTAL }) }));
      },
    };
  }
  const pages = () => new PageReadAhead<number>({ ttlMs: 1000, maxEntries: 4 });

  it('two requests for one page at once make one JumpCloud read', async () => {
    const jc = heldJumpCloud();
    const readAhead = pages();
    const both = Promise.all([readAhead.read('q', 0, LIMIT, jc.fetch), readAhead.read('q', 0, LIMIT, jc.fetch)]);
    await settle();
    jc.release();
    const [a, b] = await both;
    expect(a.results).toEqual(b.results);
    expect(jc.asked).toEqual([0]);
  });

  it('clients paging side by side: a page another connection is reading is not read ahead again', async () => {
    const jc = heldJumpCloud();
    const readAhead = pages();
    const first = readAhead.read('q', 0, LIMIT, jc.fetch);
    await settle();
    jc.release();
    await first;
    // Pages 2 and 3 asked at once (two connections); page 2 is answered while page 3 is still being read.
    const second = readAhead.read('q', 100, LIMIT, jc.fetch);
    const third = readAhead.read('q', 200, LIMIT, jc.fetch);
    await settle();
    jc.release(100);
    await second;
    await settle();
    jc.release();
    await third;
    // Page 3 read once (not again ahead of page 2's answer); page 4 read ahead once page 3 was served.
    expect(jc.asked).toEqual([0, 100, 200, 300]);
  });

  it('a request after a write does not join a read that started before it', async () => {
    const jc = heldJumpCloud();
    const readAhead = pages();
    const before = readAhead.read('q', 0, LIMIT, jc.fetch);
    await settle();
    readAhead.invalidate();
    const after = readAhead.read('q', 0, LIMIT, jc.fetch);
    await settle();
    jc.release();
    await Promise.all([before, after]);
    expect(jc.asked).toEqual([0, 0]);
  });
});
