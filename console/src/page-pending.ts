import { call, dataPath } from './api.js';
import { el, replaceChildren, table } from './dom.js';
import { formatValue } from './format.js';
import type { PageContext } from './page-context.js';
import { hashFor } from './routes.js';

interface PendingActivation {
  id: string;
  userName: string;
  email: string;
  since?: string;
  /** What the bridge knows of JumpCloud's activation mail (see the server's PendingActivation). */
  activationEmail?: 'sent' | 'not_sent' | 'unknown';
}

/** The activation mail column, in words an operator acts on. */
const MAIL_TEXT: Record<string, string> = {
  sent: 'sent',
  not_sent: 'not sent',
  unknown: 'not known (created outside the bridge)',
};

/** `#/pending`: who has not yet set a password in JumpCloud, and since when. */
export async function renderPending(context: PageContext): Promise<void> {
  const { root } = context;
  replaceChildren(root, el('h1', {}, 'Pending activations'), el('p', { class: 'loading' }, 'Loading...'));
  const answer = await context.load(() => call<{ pendingActivations: PendingActivation[]; totalResults: number }>('GET', dataPath('pending-activations')));
  if (answer === undefined) return;
  const { table: grid, body } = table('pending-table', ['User', 'E-mail', 'Pending since', 'Activation e-mail']);
  for (const person of answer.pendingActivations) {
    const sent = MAIL_TEXT[person.activationEmail ?? 'unknown'] ?? MAIL_TEXT.unknown;
    body.appendChild(
      el(
        'tr',
        { testid: 'pending-row' },
        el('td', {}, el('a', { href: hashFor('person', { id: person.id }) }, formatValue(person.userName))),
        el('td', {}, formatValue(person.email)),
        el('td', {}, person.since !== undefined ? el('time', { datetime: person.since }, person.since) : '(unknown)'),
        el('td', { testid: 'pending-mail' }, sent),
      ),
    );
  }
  replaceChildren(root, el('h1', {}, 'Pending activations'), el('p', {}, `${answer.totalResults} user(s) have not yet set a password in JumpCloud.`), answer.pendingActivations.length > 0 ? grid : el('p', { class: 'empty' }, 'Nobody is waiting.'));
}
