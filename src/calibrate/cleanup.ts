import { JumpCloudError } from '../jumpcloud';
import type { CalibrationSession } from './calibration-session';
import type { LedgerEntry } from './ledger';
import { deleteRequest } from './temp-objects';
import { isTransient, type WireAnswer, type WireRequest } from './wire-client';

/** An object the run could not delete: what it is and why, for the operator to remove by hand. */
export interface Leftover extends LedgerEntry {
  reason: string;
}

/** What cleanup did. */
export interface CleanupReport {
  /** Objects deleted by cleanup (the ledger's, then the sweep's). */
  deleted: number;
  /** Objects the sweep found that the ledger did not know (creates whose answer was lost). */
  swept: LedgerEntry[];
  /** Objects still in JumpCloud. */
  leftovers: Leftover[];
  /** Set when the sweep by prefix could not run: objects may remain that nobody listed. */
  sweepProblem?: string;
  /** Transient failures that a retry got past. */
  retries: number;
}

/** The v1 search page size; 100 is JumpCloud's maximum (NOTES.md "Paging"). */
const PAGE = 100;
/** Enough pages for any sandbox; a sweep never loops forever on a misbehaving answer. */
const MAX_PAGES = 50;

/**
 * One call with retries: a transient answer (429, 5xx) or a lost connection is tried again,
 * `cleanupAttempts` times in all, with a growing pause. Answers the last answer, or throws the
 * last connection failure.
 */
async function withRetry(session: CalibrationSession, request: WireRequest, report: CleanupReport): Promise<WireAnswer> {
  const { cleanupAttempts, cleanupRetryDelayMs } = session.timing;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await session.wire.send(request);
      if (!isTransient(answer.status) || attempt >= cleanupAttempts) return answer;
    } catch (error) {
      if (!(error instanceof JumpCloudError) || attempt >= cleanupAttempts) throw error;
    }
    report.retries += 1;
    await session.sleep(cleanupRetryDelayMs * attempt);
  }
}

/** Deletes one object; answers undefined when it is gone (404 counts: already gone), else why not. */
async function remove(session: CalibrationSession, entry: LedgerEntry, report: CleanupReport): Promise<string | undefined> {
  try {
    const answer = await withRetry(session, deleteRequest(entry.kind, entry.id), report);
    if ((answer.status >= 200 && answer.status < 300) || answer.status === 404) {
      session.ledger.markGone(entry.id);
      return undefined;
    }
    return `DELETE answered HTTP ${answer.status}`;
  } catch (error) {
    return `DELETE failed: ${error instanceof JumpCloudError ? error.message : 'unexpected error'}`;
  }
}

/** Users whose username or e-mail starts with the run's prefix: `POST /search/systemusers` with a `searchFilter`. */
async function findUsers(session: CalibrationSession, report: CleanupReport): Promise<LedgerEntry[]> {
  const found: LedgerEntry[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = { searchFilter: { searchTerm: session.names.prefix, fields: ['username', 'email'] }, limit: PAGE, skip: page * PAGE };
    const answer = await withRetry(session, { api: 'v1', method: 'POST', url: '/search/systemusers', body }, report);
    const results = (answer.body as { results?: unknown } | null)?.results;
    if (answer.status !== 200 || !Array.isArray(results)) throw new JumpCloudError({ kind: 'http', status: answer.status, message: `searching users by prefix answered HTTP ${answer.status}`, method: 'POST', path: '/search/systemusers' });
    for (const user of results as Record<string, unknown>[]) {
      if (session.names.owns(user.username) || session.names.owns(user.email)) found.push({ kind: 'user', id: String(user._id ?? user.id), name: String(user.username) });
    }
    if (results.length < PAGE) break;
  }
  return found;
}

/** Groups whose name starts with the run's prefix: `GET /v2/usergroups?filter=name:search:<prefix>`. */
async function findGroups(session: CalibrationSession, report: CleanupReport): Promise<LedgerEntry[]> {
  const found: LedgerEntry[] = [];
  const filter = encodeURIComponent(`name:search:${session.names.prefix}`);
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const url = `/usergroups?filter=${filter}&limit=${PAGE}&skip=${page * PAGE}`;
    const answer = await withRetry(session, { api: 'v2', method: 'GET', url }, report);
    if (answer.status !== 200 || !Array.isArray(answer.body)) throw new JumpCloudError({ kind: 'http', status: answer.status, message: `searching groups by prefix answered HTTP ${answer.status}`, method: 'GET', path: '/usergroups' });
    for (const group of answer.body as Record<string, unknown>[]) {
      if (session.names.owns(group.name)) found.push({ kind: 'group', id: String(group.id ?? group._id), name: String(group.name) });
    }
    if (answer.body.length < PAGE) break;
  }
  return found;
}

/**
 * Deletes everything the run created: first the ledger (newest first), then a sweep by prefix
 * that catches creates whose answer was lost (the create landed, the client never heard). Every
 * call that fails transiently is retried. Never throws: whatever could not be deleted, or could
 * not be looked for, is in the report with its id.
 */
export async function cleanUp(session: CalibrationSession): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: 0, swept: [], leftovers: [], retries: 0 };
  const failures = new Map<string, Leftover>();
  for (const entry of session.ledger.pending()) {
    const reason = await remove(session, entry, report);
    if (reason) failures.set(entry.id, { ...entry, reason });
    else report.deleted += 1;
  }
  let found: LedgerEntry[] = [];
  try {
    found = [...(await findGroups(session, report)), ...(await findUsers(session, report))];
  } catch (error) {
    report.sweepProblem = `the sweep by prefix ${session.names.prefix} could not run: ${error instanceof JumpCloudError ? error.message : 'unexpected error'}`;
  }
  const known = new Set(session.ledger.all().map((entry) => entry.id));
  for (const entry of found) {
    // A search index may lag behind a delete: what the ledger saw deleted is not deleted twice.
    if (session.ledger.isGone(entry.id)) continue;
    if (!known.has(entry.id)) report.swept.push(entry);
    const reason = await remove(session, entry, report);
    if (reason) failures.set(entry.id, { ...entry, reason });
    else {
      failures.delete(entry.id);
      report.deleted += 1;
    }
  }
  report.leftovers = [...failures.values()];
  return report;
}
