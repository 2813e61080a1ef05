/** The console's hash routes (`#/events?user=ada`): pure, so unit tested. */

export const PAGES = ['overview', 'events', 'person', 'drift', 'pending'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  query: URLSearchParams;
}

/** Reads `location.hash`; anything unknown (or empty) is the overview. */
export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const mark = path.indexOf('?');
  const name = mark === -1 ? path : path.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? '' : path.slice(mark + 1));
  const page = (PAGES as readonly string[]).includes(name) ? (name as Page) : 'overview';
  return { page, query };
}

/** The hash of a page with an optional query. */
export function hashFor(page: Page, query: Record<string, string> = {}): string {
  const text = new URLSearchParams(query).toString();
  return text === '' ? `#/${page}` : `#/${page}?${text}`;
}
