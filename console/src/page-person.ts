import { call, dataPath } from './api.js';
import { el, replaceChildren, table } from './dom.js';
import { flattenResource, formatValue } from './format.js';
import type { PageContext } from './page-context.js';
import { hashFor } from './routes.js';
import type { EventRecord } from './event-detail.js';

interface PersonMatch {
  id: string;
  userName: string;
  email: string;
}

interface Person {
  id: string;
  history: EventRecord[];
  jumpcloud: Record<string, unknown> | null;
  lastWritten: Record<string, unknown>;
  differences: { attribute: string; jumpcloud?: unknown; lastWritten?: unknown }[];
}

/** Attribute rows as a definition list (`attribute: value`). */
function attributeList(rows: [string, unknown][], differing: Set<string>): HTMLElement {
  const list = el('dl', { class: 'facts' });
  for (const [attribute, value] of rows) {
    const mark = differing.has(attribute) ? 'differs' : undefined;
    list.appendChild(el('dt', { class: mark }, attribute));
    list.appendChild(el('dd', { class: mark }, formatValue(value)));
  }
  return list;
}

function historyEntry(record: EventRecord): HTMLElement {
  const changes = (record.changes ?? []).map((change) => el('li', {}, `${change.attribute}: ${formatValue(change.before)} -> ${formatValue(change.after)}`));
  const group = record.group !== undefined ? ` ${record.group.name ?? record.group.id}` : '';
  return el(
    'li',
    { class: `timeline-entry outcome-${record.outcome}` },
    el('time', { datetime: record.time }, record.time),
    el('span', { class: 'timeline-type' }, ` ${record.type}${group} `),
    el('span', { class: 'muted' }, `(${record.outcome})`),
    changes.length > 0 ? el('ul', { class: 'changes' }, ...changes) : null,
  );
}

async function showPerson(context: PageContext, slot: HTMLElement, id: string): Promise<void> {
  replaceChildren(slot, el('p', { class: 'loading' }, 'Loading...'));
  const person = await context.load(() => call<Person>('GET', dataPath(`people/${encodeURIComponent(id)}`)));
  if (person === undefined) {
    replaceChildren(slot);
    return;
  }
  const differing = new Set(person.differences.map((difference) => difference.attribute));
  const differences = table('person-differences', ['Attribute', 'JumpCloud now', 'Bridge last wrote']);
  for (const difference of person.differences) {
    differences.body.appendChild(el('tr', { class: 'differs' }, el('td', {}, difference.attribute), el('td', {}, formatValue(difference.jumpcloud)), el('td', {}, formatValue(difference.lastWritten))));
  }
  const name = person.jumpcloud?.userName ?? person.history.find((record) => record.userName !== undefined)?.userName ?? person.id;
  replaceChildren(
    slot,
    el('h2', {}, formatValue(name)),
    el('p', {}, el('a', { href: hashFor('events', { user: person.id }) }, 'This person in the events table')),
    el('h3', {}, 'Differences'),
    person.differences.length > 0 ? differences.table : el('p', { class: 'empty', testid: 'person-differences' }, 'None: JumpCloud holds what the bridge last wrote.'),
    el(
      'div',
      { class: 'side-by-side' },
      el('section', {}, el('h3', {}, 'JumpCloud now (live read)'), person.jumpcloud !== null ? attributeList(flattenResource(person.jumpcloud), differing) : el('p', { class: 'empty' }, 'Not in JumpCloud.')),
      el('section', {}, el('h3', {}, 'Bridge last wrote'), attributeList(Object.entries(person.lastWritten), differing)),
    ),
    el('h3', {}, 'History'),
    el('ol', { class: 'timeline', testid: 'person-history' }, ...person.history.map(historyEntry)),
  );
}

/** `#/person`: search by userName, e-mail or id; then one person's timeline, live record and differences. */
export async function renderPerson(context: PageContext): Promise<void> {
  const { root } = context;
  const search = el('input', { type: 'search', testid: 'person-search', placeholder: 'userName, e-mail or id', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Find a person' });
  search.value = context.query.get('q') ?? '';
  const form = el('form', { class: 'filters', role: 'search' }, search, el('button', { type: 'submit', testid: 'person-search-submit' }, 'Search'));
  const results = el('ul', { class: 'results', 'aria-live': 'polite' });
  const slot = el('div');
  replaceChildren(root, el('h1', {}, 'A person'), form, results, slot);

  const find = async (q: string): Promise<void> => {
    const answer = await context.load(() => call<{ people: PersonMatch[] }>('GET', dataPath(`people/search?q=${encodeURIComponent(q)}`)));
    if (answer === undefined) return;
    replaceChildren(results);
    if (answer.people.length === 0) results.appendChild(el('li', { class: 'empty' }, 'Nobody found.'));
    for (const match of answer.people) {
      const open = el('a', { testid: 'person-result', href: hashFor('person', { q, id: match.id }) }, formatValue(match.userName), el('span', { class: 'muted' }, ` ${formatValue(match.email)} (${match.id})`));
      results.appendChild(el('li', {}, open));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = search.value.trim();
    if (q !== '') void find(q);
  });
  const q = context.query.get('q');
  const id = context.query.get('id');
  await Promise.all([q !== null && q !== '' ? find(q) : Promise.resolve(), id !== null && id !== '' ? showPerson(context, slot, id) : Promise.resolve()]);
}
