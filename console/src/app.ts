import { ApiError, call, currentTenant, setSession, setTenant, type SessionInfo } from './api.js';
import { el, replaceChildren } from './dom.js';
import type { PageContext } from './page-context.js';
import { renderDrift } from './page-drift.js';
import { renderEvents } from './page-events.js';
import { renderOverview } from './page-overview.js';
import { renderPending } from './page-pending.js';
import { renderPerson } from './page-person.js';
import { renderSignIn } from './page-signin.js';
import { routeFromHash, type Page } from './routes.js';

/**
 * The console's entry point (loaded by index.html as a module): checks the session, then renders
 * the page the hash names, or the sign-in form. Nothing here or in the pages writes markup from
 * data: see dom.ts.
 */

const RENDERERS: Record<Page, (context: PageContext) => Promise<void>> = {
  overview: renderOverview,
  events: renderEvents,
  person: renderPerson,
  drift: renderDrift,
  pending: renderPending,
};

function required(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html lacks #${id}`);
  return element;
}

const main = required('main');
const nav = required('nav');
const banner = required('error-banner');
const picker = required('tenant-picker');
const tenantSelect = required('tenant-select') as HTMLSelectElement;
let signedIn = false;
/** True when the bridge serves tenants (the session named the ones it may see). */
let withTenants = false;

/** The tab's last chosen tenant (sessionStorage: per tab, so two tabs may watch two tenants; never a secret). */
const TENANT_KEY = 'scim-console-tenant';

function rememberedTenant(): string | null {
  try {
    return sessionStorage.getItem(TENANT_KEY);
  } catch {
    return null;
  }
}

function rememberTenant(id: string): void {
  try {
    sessionStorage.setItem(TENANT_KEY, id);
  } catch {
    // Storage refused (private mode): the choice lasts until a reload.
  }
}

/**
 * Fills the tenant picker with the tenants the session may see (hidden without tenants) and
 * chooses the tab's last one, else the first. Every data call then goes to that tenant's routes.
 */
function showTenants(tenants: string[] | undefined): void {
  withTenants = tenants !== undefined;
  picker.hidden = !withTenants;
  const choices = tenants ?? [];
  replaceChildren(tenantSelect, ...choices.map((id) => el('option', { value: id }, id)));
  const remembered = rememberedTenant();
  const chosen = remembered !== null && choices.includes(remembered) ? remembered : choices[0];
  setTenant(chosen);
  if (chosen !== undefined) tenantSelect.value = chosen;
}

function showError(message: string): void {
  banner.textContent = message;
  banner.hidden = false;
}

function clearError(): void {
  banner.textContent = '';
  banner.hidden = true;
}

function signedOut(notice?: string): void {
  signedIn = false;
  setSession(undefined);
  showTenants(undefined);
  nav.hidden = true;
  clearError();
  renderSignIn(main, notice, (session) => {
    setSession(session);
    showTenants(session.tenants);
    signedIn = true;
    nav.hidden = false;
    if (location.hash === '' || location.hash === '#') location.hash = '#/overview';
    else void route();
  });
}

async function load<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) signedOut('Your session has ended: sign in again.');
    else showError(err instanceof Error ? err.message : 'Something went wrong.');
    return undefined;
  }
}

async function route(): Promise<void> {
  if (!signedIn) return;
  clearError();
  const { page, query } = routeFromHash(location.hash);
  for (const link of nav.querySelectorAll('a[data-page]')) {
    if (link.getAttribute('data-page') === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const root = el('div', { class: `page page-${page}` });
  replaceChildren(main, root);
  if (withTenants && currentTenant() === undefined) {
    replaceChildren(root, el('h1', {}, 'No tenant'), el('p', { testid: 'no-tenant' }, 'This session sees no tenant: the tenant it was signed in for is no longer served. Sign out and sign in again.'));
    return;
  }
  await RENDERERS[page]({ root, query, load });
}

tenantSelect.addEventListener('change', () => {
  setTenant(tenantSelect.value);
  rememberTenant(tenantSelect.value);
  // Another tenant's data: start from its overview (a person or a filter of the last one means nothing there).
  if (routeFromHash(location.hash).page === 'overview' && location.hash.startsWith('#/overview')) void route();
  else location.hash = '#/overview';
});

required('signout').addEventListener('click', () => {
  void load(() => call<void>('DELETE', 'api/session')).then(() => signedOut('Signed out.'));
});

window.addEventListener('hashchange', () => void route());

async function start(): Promise<void> {
  try {
    const session = await call<Partial<SessionInfo>>('GET', 'api/session');
    // A 200 without a CSRF token also means "signed out" (a server may answer so to keep the
    // signed-out page free of a 401 in the browser console).
    if (typeof session.csrfToken !== 'string') {
      signedOut();
      return;
    }
    setSession(session as SessionInfo);
    showTenants((session as SessionInfo).tenants);
    signedIn = true;
    nav.hidden = false;
    await route();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) signedOut();
    else showError('The bridge did not answer: reload the page to try again.');
  }
}

void start();
