import { call, dataPath } from './api.js';
import { el, replaceChildren, table } from './dom.js';
import { formatValue } from './format.js';
import type { PageContext } from './page-context.js';
import { hashFor } from './routes.js';

interface OpenDrift {
  resourceType: 'User' | 'Group';
  resourceId: string;
  key: string;
  attribute: string;
  jumpcloudField: string;
  userName?: string;
  displayName?: string;
  from?: unknown;
  to?: unknown;
  initiatedBy?: Record<string, unknown>;
  source: string;
  openedAt: string;
  updatedAt: string;
}

/** Who made an outside change, as text: e-mail, else type and id, else how it was seen. */
function who(drift: OpenDrift): string {
  const by = drift.initiatedBy;
  if (by !== undefined) {
    if (typeof by.email === 'string') return by.email;
    const parts = [by.type, by.id].filter((part) => typeof part === 'string');
    if (parts.length > 0) return parts.join(' ');
  }
  return drift.source === 'reconciliation_scan' ? 'unknown (seen by the reconciliation scan)' : 'unknown';
}

/** `#/drift`: attributes changed in JumpCloud behind the bridge's back, each with "acknowledge". */
export async function renderDrift(context: PageContext): Promise<void> {
  const { root } = context;
  replaceChildren(root, el('h1', {}, 'Drift'), el('p', { class: 'loading' }, 'Loading...'));
  const answer = await context.load(() => call<{ drift: OpenDrift[] }>('GET', dataPath('drift')));
  if (answer === undefined) return;
  const { table: grid, body } = table('drift-table', ['Resource', 'Attribute', 'Before', 'After', 'Changed by', 'When', '']);
  for (const drift of answer.drift) {
    const acknowledge = el('button', { type: 'button', testid: 'drift-ack' }, 'Acknowledge');
    acknowledge.addEventListener('click', () => {
      acknowledge.disabled = true;
      void context
        .load(async () => {
          await call<void>('POST', dataPath('drift/acknowledge'), { resourceType: drift.resourceType, resourceId: drift.resourceId, key: drift.key });
          return true;
        })
        .then((done) => (done === true ? renderDrift(context) : undefined));
    });
    const name = drift.userName ?? drift.displayName ?? drift.resourceId;
    body.appendChild(
      el(
        'tr',
        { testid: 'drift-row' },
        el('td', {}, drift.resourceType === 'User' ? el('a', { href: hashFor('person', { id: drift.resourceId }) }, name) : `${name} (group)`),
        el('td', {}, drift.attribute, el('span', { class: 'muted' }, ` (${drift.jumpcloudField})`)),
        el('td', { class: 'value-before' }, formatValue(drift.from)),
        el('td', { class: 'value-after' }, formatValue(drift.to)),
        el('td', {}, who(drift)),
        el('td', {}, el('time', { datetime: drift.updatedAt }, drift.updatedAt)),
        el('td', {}, acknowledge),
      ),
    );
  }
  replaceChildren(root, el('h1', {}, 'Drift'), answer.drift.length > 0 ? grid : el('p', { class: 'empty' }, 'No open drift: JumpCloud holds what the bridge wrote.'));
}
