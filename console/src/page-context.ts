/** What every page receives from app.ts. */
export interface PageContext {
  /** The page's own container (a fresh one per visit, so a slow answer never lands on another page). */
  root: HTMLElement;
  /** The route's query (`#/person?id=...`). */
  query: URLSearchParams;
  /**
   * Runs an API call: a 401 signs the console out (expired session), any other failure is shown in
   * the error banner; either way `undefined` comes back.
   */
  load<T>(work: () => Promise<T>): Promise<T | undefined>;
}
