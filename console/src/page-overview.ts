import { call, currentTenant, dataPath } from './api.js';
import { renderChart } from './chart.js';
import type { DayCounts } from './chart-geometry.js';
import { el, replaceChildren } from './dom.js';
import { formatDuration, formatValue } from './format.js';
import type { PageContext } from './page-context.js';

interface Overview {
  version: string;
  uptimeSeconds: number;
  days: DayCounts[];
  today: Omit<DayCounts, 'date'>;
  pendingActivations: number;
  openDrift: number;
  changefeed: { mode: string; lagSeconds: number | null };
  throttling: { rateLimitedLastHour: number };
}

const TODAY_KEYS: [keyof Overview['today'], string][] = [
  ['joiner', 'Joiners'],
  ['mover', 'Movers'],
  ['leaver', 'Leavers'],
  ['rehire', 'Rehires'],
  ['entitlement', 'Entitlement changes'],
  ['failed', 'Failures'],
];

function stat(testid: string, label: string, value: string, href?: string): HTMLElement {
  const shown = el('span', { class: 'stat-value', testid }, value);
  return el('div', { class: 'stat' }, el('span', { class: 'stat-label' }, label), href !== undefined ? el('a', { href }, shown) : shown);
}

/** `#/overview`: the last 30 days as a chart, today's counts, and the bridge's health at a glance. */
export async function renderOverview(context: PageContext): Promise<void> {
  const { root } = context;
  const tenant = currentTenant();
  const heading = () => el('h1', { testid: 'overview-heading' }, tenant === undefined ? 'Overview' : `Overview: ${tenant}`);
  replaceChildren(root, heading(), el('p', { class: 'loading' }, 'Loading...'));
  const overview = await context.load(() => call<Overview>('GET', dataPath('overview')));
  if (overview === undefined) return;
  const lag = overview.changefeed.lagSeconds;
  replaceChildren(
    root,
    heading(),
    el('section', { 'aria-labelledby': 'today-heading' }, el('h2', { id: 'today-heading' }, 'Today'), el('div', { class: 'stats' }, ...TODAY_KEYS.map(([key, label]) => stat(`today-${key}`, label, formatValue(overview.today[key]))))),
    el('section', { 'aria-labelledby': 'chart-heading' }, el('h2', { id: 'chart-heading' }, 'Last 30 days'), el('div', { testid: 'overview-chart' }, renderChart(overview.days)), el('pre', { testid: 'overview-data', hidden: true }, JSON.stringify(overview.days))),
    el(
      'section',
      { 'aria-labelledby': 'health-heading' },
      el('h2', { id: 'health-heading' }, 'Bridge'),
      el(
        'div',
        { class: 'stats' },
        stat('overview-pending', 'Pending activations', formatValue(overview.pendingActivations), '#/pending'),
        stat('overview-drift', 'Open drift', formatValue(overview.openDrift), '#/drift'),
        stat('overview-changefeed', 'Change feed', `${formatValue(overview.changefeed.mode)}${typeof lag === 'number' ? `, lag ${formatDuration(lag)}` : ''}`),
        stat('overview-throttling', 'Rate-limited by JumpCloud (last hour)', formatValue(overview.throttling.rateLimitedLastHour)),
        stat('overview-version', 'Version', formatValue(overview.version)),
        stat('overview-uptime', 'Uptime', formatDuration(overview.uptimeSeconds)),
      ),
    ),
  );
}
