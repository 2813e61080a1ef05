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
  /** Not in the admin API's answer today: shown when a later server sends it. */
  activationEmailSent?: boolean;
}

/** `#/pending`: who has not yet set a password in JumpCloud, and since when. */
export async function renderPending(context: PageContext): Promise<void> {
  const { root } = context;
  replaceChildren(root, el('h1', {}, 'Pending activations'), el('p', { class: 'loading' }, 'Loading...'));
  const answer = await context.load(() => call<{ pendingActivations: PendingActivation[]; totalResults: number }>('GET', dataPath('pending-activations')));
  if (answer === undefined) return;
  const { table: grid, body } = table('pending-table', ['User', 'E-mail', 'Pending since', 'Activation e-mail']);
  for (const person of answer.pendingActivations) {
    const sent = person.activationEmailSent === undefined ? 'not known' : person.activationEmailSent ? 'sent' : 'not sent';
    body.appendChild(
      el(
        'tr',
        { testid: 'pending-row' },
        el('td', {}, el('a', { href: hashFor('person', { id: person.id }) }, formatValue(person.userName))),
        el('td', {}, formatValue(person.email)),
        el('td', {}, person.since !== undefined ? el('time', { datetime: person.since }, person.since) : '(unknown)'),
        el('td', {}, sent),
      ),
    );
  }
  replaceChildren(root, el('h1', {}, 'Pending activations'), el('p', {}, `${answer.totalResults} user(s) have not yet set a password in JumpCloud.`), answer.pendingActivations.length > 0 ? grid : el('p', { class: 'empty' }, 'Nobody is waiting.'));
}
