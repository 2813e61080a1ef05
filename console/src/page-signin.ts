import { ApiError, call, type SessionInfo } from './api.js';
import { el, replaceChildren } from './dom.js';

/**
 * The sign-in form: the admin token is posted once (never put in a URL or storage) and exchanged
 * for a server-side session; the field is emptied whatever the answer.
 */
export function renderSignIn(root: HTMLElement, notice: string | undefined, signedIn: (session: SessionInfo) => void): void {
  const token = el('input', { type: 'password', testid: 'signin-token', id: 'signin-token', autocomplete: 'off', required: true });
  const submit = el('button', { type: 'submit', testid: 'signin-submit' }, 'Sign in');
  const message = el('p', { class: 'signin-message', role: 'status' }, notice ?? '');
  const form = el('form', { class: 'signin', 'aria-label': 'Sign in' }, el('label', { for: 'signin-token' }, 'Admin token'), token, submit, message);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = token.value;
    token.value = '';
    submit.disabled = true;
    call<SessionInfo>('POST', 'api/session', { token: value })
      .then(signedIn)
      .catch((err: unknown) => {
        message.textContent = err instanceof ApiError && err.status === 401 ? 'That token was not accepted.' : err instanceof ApiError && err.status === 429 ? 'Too many attempts: wait a moment.' : 'The bridge did not answer.';
        submit.disabled = false;
        token.focus();
      });
  });
  replaceChildren(root, el('h1', {}, 'Sign in'), form);
  token.focus();
}
