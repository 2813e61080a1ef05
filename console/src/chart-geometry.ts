/**
 * The overview chart's geometry, as plain numbers: no DOM here, so that it is unit tested and
 * chart.ts only turns rectangles into SVG elements.
 *
 * Each day is one stacked bar of the lifecycle kinds (joiner, mover, leaver, rehire, entitlement);
 * failures are not a kind of their own (a failed joiner is also a joiner), so they are drawn as a
 * marker at their own height over the bar instead of being stacked on it.
 */

/** The kinds stacked in each bar, bottom first. */
export const STACKED_KINDS = ['joiner', 'mover', 'leaver', 'rehire', 'entitlement'] as const;
export type StackedKind = (typeof STACKED_KINDS)[number];

/** One day of the overview's `days` (counts by kind, plus failures). */
export type DayCounts = { date: string; failed: number } & Record<StackedKind, number>;

export interface ChartBox {
  width: number;
  height: number;
  /** Room left of the plot for the axis labels, and below it for the dates. */
  left: number;
  bottom: number;
  top: number;
}

export interface BarSegment {
  kind: StackedKind;
  value: number;
  y: number;
  height: number;
}

export interface DayBar {
  date: string;
  x: number;
  width: number;
  segments: BarSegment[];
  total: number;
  failed: number;
  /** Where the failure marker sits (absent when nothing failed). */
  failedY?: number;
}

export interface ChartLayout {
  /** The value of the top grid line (a round number at least the largest total or failure count). */
  scaleMax: number;
  /** Grid lines from 0 to scaleMax, with their y. */
  ticks: { value: number; y: number }[];
  bars: DayBar[];
}

/** A count read defensively: anything but a finite non-negative number counts as 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The smallest of 1, 2, 5 x 10^n that is at least `value` (4 for 0..4, so an empty chart still has a scale). */
export function niceCeiling(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/**
 * Lays out one stacked bar per day (oldest left) in `box`: the y axis grows upward from the plot's
 * bottom (`box.height - box.bottom`), bars fill 70% of their slot, heights are proportional to
 * the counts against a round maximum, and four grid ticks divide that maximum.
 */
export function layoutChart(days: readonly DayCounts[], box: ChartBox): ChartLayout {
  const plotBottom = box.height - box.bottom;
  const plotHeight = Math.max(0, plotBottom - box.top);
  const plotWidth = Math.max(0, box.width - box.left);
  const largest = Math.max(0, ...days.map((day) => Math.max(STACKED_KINDS.reduce((sum, kind) => sum + count(day[kind]), 0), count(day.failed))));
  const scaleMax = niceCeiling(largest);
  const yOf = (value: number): number => plotBottom - (value / scaleMax) * plotHeight;
  const slot = days.length > 0 ? plotWidth / days.length : 0;
  const bars = days.map((day, index) => {
    let stacked = 0;
    const segments: BarSegment[] = [];
    for (const kind of STACKED_KINDS) {
      const value = count(day[kind]);
      if (value === 0) continue;
      const y = yOf(stacked + value);
      segments.push({ kind, value, y, height: yOf(stacked) - y });
      stacked += value;
    }
    const failed = count(day.failed);
    return {
      date: day.date,
      x: box.left + index * slot + slot * 0.15,
      width: slot * 0.7,
      segments,
      total: stacked,
      failed,
      ...(failed > 0 ? { failedY: yOf(failed) } : {}),
    };
  });
  const ticks = [0, 1, 2, 3, 4].map((step) => ({ value: (scaleMax * step) / 4, y: yOf((scaleMax * step) / 4) }));
  return { scaleMax, ticks, bars };
}
