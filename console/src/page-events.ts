import { call, dataPrefix } from './api.js';
import { el, replaceChildren, table } from './dom.js';
import { EVENT_OUTCOMES, EVENT_TYPES, eventsCsvUrl, eventsUrl, filtersFromQuery, type EventFilters } from './event-filters.js';
import { formatValue } from './format.js';
import type { PageContext } from './page-context.js';
import { renderEventDetail, subjectOf, type EventRecord } from './event-detail.js';

interface EventsPage {
  events: EventRecord[];
  nextCursor?: string;
}

function field(label: string, control: HTMLElement): HTMLElement {
  return el('label', { class: 'field' }, el('span', {}, label), control);
}

function choice(testid: string, values: readonly string[], selected: string): HTMLSelectElement {
  const select = el('select', { testid }, el('option', { value: '' }, 'any'));
  for (const value of values) select.appendChild(el('option', { value, selected: value === selected }, value));
  return select;
}

function text(testid: string, value: string, placeholder: string): HTMLInputElement {
  const input = el('input', { type: 'text', testid, placeholder, autocomplete: 'off', spellcheck: 'false' });
  input.value = value;
  return input;
}

/**
 * `#/events`: the journal (newest first) with filters, paging ("Older") and a CSV export of
 * exactly the filtered records; a record opens to its difference and JumpCloud calls.
 */
export async function renderEvents(context: PageContext): Promise<void> {
  const { root } = context;
  const initial = filtersFromQuery(context.query);
  const controls = {
    type: choice('filter-type', EVENT_TYPES, initial.type),
    outcome: choice('filter-outcome', EVENT_OUTCOMES, initial.outcome),
    user: text('filter-user', initial.user, 'userName or id'),
    since: text('filter-since', initial.since, '2025-03-01 or 2025-03-01T09:30:00Z'),
    until: text('filter-until', initial.until, '2025-03-31'),
    requestId: text('filter-request-id', initial.requestId, 'request id'),
  };
  const csv = el('a', { testid: 'events-csv', class: 'button', download: 'events.csv', href: eventsCsvUrl(initial, dataPrefix()) }, 'Export CSV');
  const form = el(
    'form',
    { class: 'filters', 'aria-label': 'Event filters' },
    field('Type', controls.type),
    field('Outcome', controls.outcome),
    field('User', controls.user),
    field('Since', controls.since),
    field('Until', controls.until),
    field('Request id', controls.requestId),
    el('button', { type: 'submit', testid: 'filter-apply' }, 'Apply'),
    csv,
  );
  const { table: grid, body } = table('events-table', ['Time', 'Type', 'Outcome', 'User / group', 'Request id']);
  const more = el('button', { type: 'button', testid: 'events-next', hidden: true }, 'Older events');
  const status = el('p', { class: 'muted', 'aria-live': 'polite' });
  const detail = el('div', { class: 'detail-slot' });
  replaceChildren(root, el('h1', {}, 'Events'), form, status, grid, more, detail);

  let filters: EventFilters = initial;
  let cursor: string | undefined;
  let shown = 0;

  const loadPage = async (fresh: boolean): Promise<void> => {
    const page = await context.load(() => call<EventsPage>('GET', eventsUrl(filters, fresh ? undefined : cursor, dataPrefix())));
    if (page === undefined) return;
    if (fresh) {
      replaceChildren(body);
      replaceChildren(detail);
      shown = 0;
    }
    for (const record of page.events) body.appendChild(row(record));
    shown += page.events.length;
    cursor = page.nextCursor;
    more.hidden = cursor === undefined;
    status.textContent = `${shown} event(s) shown${cursor !== undefined ? ', more are older' : ''}.`;
  };

  const row = (record: EventRecord): HTMLTableRowElement => {
    const open = el('button', { type: 'button', class: 'link', 'aria-label': `Open ${record.type} of ${subjectOf(record)} at ${record.time}` }, record.time);
    open.addEventListener('click', () => {
      const shownDetail = renderEventDetail(record);
      replaceChildren(detail, shownDetail);
      shownDetail.focus();
    });
    return el(
      'tr',
      { testid: 'events-row', class: `outcome-${record.outcome}` },
      el('td', {}, open),
      el('td', {}, record.type),
      el('td', {}, record.outcome),
      el('td', {}, formatValue(subjectOf(record))),
      el('td', {}, record.requestId ?? ''),
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = {
      type: controls.type.value,
      outcome: controls.outcome.value,
      user: controls.user.value,
      since: controls.since.value,
      until: controls.until.value,
      requestId: controls.requestId.value,
    };
    csv.setAttribute('href', eventsCsvUrl(filters, dataPrefix()));
    void loadPage(true);
  });
  more.addEventListener('click', () => void loadPage(false));
  await loadPage(true);
}
