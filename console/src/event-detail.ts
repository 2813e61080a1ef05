import { el, table } from './dom.js';
import { formatValue } from './format.js';

/** One journal record as the events page receives it (the fields the detail shows). */
export interface EventRecord {
  id: string;
  time: string;
  type: string;
  outcome: string;
  resourceType: string;
  scimId?: string;
  userName?: string;
  displayName?: string;
  group?: { id: string; name?: string };
  member?: { id: string; userName?: string };
  changes?: { attribute: string; jumpcloudField?: string; before?: unknown; after?: unknown }[];
  requestId?: string;
  client?: string;
  jumpcloudCalls?: { method: string; route: string; status?: number; attempt: number; count?: number; dryRun?: true }[];
  error?: { status: number; scimType?: string; detail: string };
  observed?: { source: string; initiatedBy?: { type?: string; id?: string; email?: string }; authMethod?: string };
}

/** Who or what a record is about, as one line. */
export function subjectOf(record: EventRecord): string {
  return record.userName ?? record.member?.userName ?? record.displayName ?? record.scimId ?? '(no id yet)';
}

/** A record opened: its before/after difference, the JumpCloud calls made and their outcome. */
export function renderEventDetail(record: EventRecord): HTMLElement {
  const facts = el('dl', { class: 'facts' });
  const fact = (term: string, value: string | undefined): void => {
    if (value === undefined) return;
    facts.appendChild(el('dt', {}, term));
    facts.appendChild(el('dd', {}, value));
  };
  fact('Time', record.time);
  fact('Type', record.type);
  fact('Outcome', record.outcome);
  fact('Resource', `${record.resourceType} ${subjectOf(record)}${record.scimId !== undefined ? ` (${record.scimId})` : ''}`);
  if (record.group !== undefined) fact('Group', record.group.name ?? record.group.id);
  fact('Request id', record.requestId);
  fact('Client', record.client);
  if (record.error !== undefined) fact('Error', `${record.error.status}${record.error.scimType !== undefined ? ` ${record.error.scimType}` : ''}: ${record.error.detail}`);
  if (record.observed !== undefined) {
    const by = record.observed.initiatedBy;
    fact('Observed', `${record.observed.source}${by !== undefined ? `, by ${by.email ?? [by.type, by.id].filter(Boolean).join(' ')}` : ''}${record.observed.authMethod !== undefined ? ` (${record.observed.authMethod})` : ''}`);
  }

  const changes = table('event-changes', ['Attribute', 'Before', 'After']);
  for (const change of record.changes ?? []) {
    changes.body.appendChild(el('tr', {}, el('td', {}, change.attribute), el('td', { class: 'value-before' }, formatValue(change.before)), el('td', { class: 'value-after' }, formatValue(change.after))));
  }
  const calls = table('event-calls', ['Call', 'Status', 'Attempt']);
  for (const jc of record.jumpcloudCalls ?? []) {
    const status = jc.status !== undefined ? String(jc.status) : 'no answer';
    calls.body.appendChild(
      el('tr', {}, el('td', {}, `${jc.method} ${jc.route}`), el('td', {}, `${status}${jc.dryRun === true ? ' (dry run, not sent)' : ''}`), el('td', {}, `${jc.attempt}${jc.count !== undefined && jc.count > 1 ? ` (x${jc.count})` : ''}`)),
    );
  }
  return el(
    'section',
    { testid: 'event-detail', class: 'detail', 'aria-label': 'Event detail', tabindex: -1 },
    el('h2', {}, `${record.type}: ${subjectOf(record)}`),
    facts,
    el('h3', {}, 'Changes'),
    (record.changes ?? []).length > 0 ? changes.table : el('p', { class: 'empty' }, 'No attribute changes recorded.'),
    el('h3', {}, 'JumpCloud calls'),
    (record.jumpcloudCalls ?? []).length > 0 ? calls.table : el('p', { class: 'empty' }, 'No JumpCloud calls.'),
  );
}
