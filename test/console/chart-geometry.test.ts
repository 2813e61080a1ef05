import { layoutChart, niceCeiling, type DayCounts } from '../../console/src/chart-geometry';

const BOX = { width: 340, height: 120, left: 40, bottom: 20, top: 0 };

function day(date: string, counts: Partial<Omit<DayCounts, 'date'>> = {}): DayCounts {
  return { date, joiner: 0, mover: 0, leaver: 0, rehire: 0, entitlement: 0, failed: 0, ...counts };
}

describe('console chart geometry', () => {
  it('rounds the scale up to 1, 2 or 5 times a power of ten (at least 4)', () => {
    expect([0, 3, 4, 5, 7, 11, 20, 21, 99, 101, 480].map(niceCeiling)).toEqual([4, 4, 4, 5, 10, 20, 20, 50, 100, 200, 500]);
  });

  it('stacks the kinds bottom up in a fixed order, heights proportional to the counts', () => {
    // Plot: y from 100 (bottom) to 0, scale 10 (largest total 7 -> 10): 10 px per event.
    const layout = layoutChart([day('2025-03-01', { joiner: 2, mover: 0, leaver: 1, entitlement: 4 })], BOX);
    expect(layout.scaleMax).toBe(10);
    const [bar] = layout.bars;
    expect(bar?.total).toBe(7);
    expect(bar?.segments).toEqual([
      { kind: 'joiner', value: 2, y: 80, height: 20 },
      { kind: 'leaver', value: 1, y: 70, height: 10 },
      { kind: 'entitlement', value: 4, y: 30, height: 40 },
    ]);
  });

  it('places one bar per day left to right, oldest first, each 70% of its slot', () => {
    const layout = layoutChart([day('2025-03-01'), day('2025-03-02'), day('2025-03-03', { mover: 1 })], BOX);
    // 300 px of plot for 3 days: 100 px slots, bars 70 px wide starting 15 px in.
    expect(layout.bars.map((bar) => [bar.date, bar.x, bar.width])).toEqual([
      ['2025-03-01', 55, 70],
      ['2025-03-02', 155, 70],
      ['2025-03-03', 255, 70],
    ]);
    expect(layout.bars[0]?.segments).toEqual([]);
  });

  it('draws failures as a marker at their own height, not stacked, and lets them set the scale', () => {
    const layout = layoutChart([day('2025-03-01', { joiner: 1, failed: 5 })], BOX);
    expect(layout.scaleMax).toBe(5);
    expect(layout.bars[0]?.failedY).toBe(0);
    expect(layout.bars[0]?.total).toBe(1);
    expect(layoutChart([day('2025-03-01', { joiner: 1 })], BOX).bars[0]).not.toHaveProperty('failedY');
  });

  it('has five grid ticks from 0 to the scale, and survives no days and nonsense counts', () => {
    const empty = layoutChart([], BOX);
    expect(empty.bars).toEqual([]);
    expect(empty.ticks).toEqual([
      { value: 0, y: 100 },
      { value: 1, y: 75 },
      { value: 2, y: 50 },
      { value: 3, y: 25 },
      { value: 4, y: 0 },
    ]);
    const odd = layoutChart([{ ...day('2025-03-01'), joiner: -3, mover: Number.NaN, leaver: '2' as unknown as number }], BOX);
    expect(odd.bars[0]?.segments).toEqual([]);
    expect(odd.scaleMax).toBe(4);
  });
});
