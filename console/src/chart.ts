import { layoutChart, STACKED_KINDS, type DayCounts } from './chart-geometry.js';
import { el, svg } from './dom.js';

const BOX = { width: 720, height: 240, left: 36, bottom: 28, top: 8 };

const LABELS: Record<(typeof STACKED_KINDS)[number] | 'failed', string> = {
  joiner: 'Joiners',
  mover: 'Movers',
  leaver: 'Leavers',
  rehire: 'Rehires',
  entitlement: 'Entitlement changes',
  failed: 'Failures',
};

/**
 * The overview's chart: one stacked SVG bar per day (30 days, oldest left), failures as red
 * markers, a legend, and each bar's numbers as its <title> (shown on hover, read by screen readers).
 * Colours come from classes in styles.css (the CSP forbids inline styles).
 */
export function renderChart(days: readonly DayCounts[]): HTMLElement {
  const layout = layoutChart(days, BOX);
  const plotBottom = BOX.height - BOX.bottom;
  const chart = svg('svg', { viewBox: `0 0 ${BOX.width} ${BOX.height}`, role: 'img', 'aria-label': 'Lifecycle events per day, last 30 days', class: 'chart' });
  for (const tick of layout.ticks) {
    chart.appendChild(svg('line', { x1: BOX.left, x2: BOX.width, y1: tick.y, y2: tick.y, class: 'chart-grid' }));
    chart.appendChild(svg('text', { x: BOX.left - 4, y: tick.y + 4, class: 'chart-axis', 'text-anchor': 'end' }, formatTick(tick.value)));
  }
  layout.bars.forEach((bar, index) => {
    const group = svg('g', { class: 'chart-day' });
    const summary = [...STACKED_KINDS.map((kind) => `${LABELS[kind]}: ${numberOf(days[index], kind)}`), `${LABELS.failed}: ${bar.failed}`].join(', ');
    group.appendChild(svg('title', {}, `${bar.date}: ${summary}`));
    for (const segment of bar.segments) {
      group.appendChild(svg('rect', { x: bar.x, y: segment.y, width: bar.width, height: segment.height, class: `chart-${segment.kind}` }));
    }
    if (bar.failedY !== undefined) {
      group.appendChild(svg('rect', { x: bar.x - 1, y: bar.failedY - 1.5, width: bar.width + 2, height: 3, class: 'chart-failed' }));
    }
    // A date under every fifth bar and the last (today) keeps the axis readable.
    if (index % 5 === 0 || index === layout.bars.length - 1) {
      chart.appendChild(svg('text', { x: bar.x + bar.width / 2, y: plotBottom + 16, class: 'chart-axis', 'text-anchor': 'middle' }, bar.date.slice(5)));
    }
    chart.appendChild(group);
  });
  const legend = el(
    'ul',
    { class: 'chart-legend' },
    ...[...STACKED_KINDS, 'failed' as const].map((kind) => el('li', {}, el('span', { class: `swatch chart-${kind}`, 'aria-hidden': 'true' }), LABELS[kind])),
  );
  const figure = el('figure', { class: 'chart-figure' });
  figure.appendChild(chart);
  figure.appendChild(legend);
  return figure;
}

function numberOf(day: DayCounts | undefined, kind: (typeof STACKED_KINDS)[number]): number {
  return day !== undefined && typeof day[kind] === 'number' ? day[kind] : 0;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
