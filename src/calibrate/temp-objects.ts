import type { CalibrationSession, TempGroup } from './calibration-session';
import { unexpectedAnswer, type WireAnswer } from './wire-client';

/** The `_id` of a created object, or undefined when the answer carries none. */
function idOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const id = record._id ?? record.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * `POST /systemusers` (200 on success, NOTES.md); a created user goes in the ledger before
 * anything else happens. Answers the raw answer, so a probe can read a refusal.
 */
export async function postUser(session: CalibrationSession, body: Record<string, unknown>): Promise<{ answer: WireAnswer; id?: string }> {
  const answer = await session.wire.send({ api: 'v1', method: 'POST', url: '/systemusers', body });
  const id = answer.status >= 200 && answer.status < 300 ? idOf(answer.body) : undefined;
  if (id) session.ledger.record({ kind: 'user', id, name: String(body.username) });
  return { answer, id };
}

/** `POST /v2/usergroups` (201); a created group goes in the ledger. */
export async function postGroup(session: CalibrationSession, name: string): Promise<{ answer: WireAnswer; id?: string }> {
  const answer = await session.wire.send({ api: 'v2', method: 'POST', url: '/usergroups', body: { name } });
  const id = answer.status >= 200 && answer.status < 300 ? idOf(answer.body) : undefined;
  if (id) session.ledger.record({ kind: 'group', id, name });
  return { answer, id };
}

/** Creates a group a probe needs, or throws saying which. */
export async function createGroup(session: CalibrationSession, name: string): Promise<TempGroup> {
  const { answer, id } = await postGroup(session, name);
  if (!id) throw unexpectedAnswer({ method: 'POST', url: '/usergroups' }, answer, `creating the temporary group ${name}`);
  return { id, name };
}

/**
 * Deletes one object right away (a probe tidying after itself). Answers whether it is gone; when
 * not, the ledger still holds it and the cleanup tries again.
 */
export async function deleteNow(session: CalibrationSession, kind: 'user' | 'group', id: string): Promise<boolean> {
  try {
    const answer = await session.wire.send(deleteRequest(kind, id));
    // 404: already gone, which is what we wanted.
    if ((answer.status >= 200 && answer.status < 300) || answer.status === 404) {
      session.ledger.markGone(id);
      return true;
    }
  } catch {
    // A lost connection: leave it to the cleanup, which retries.
  }
  return false;
}

/** The delete call of an object: v1 user (200 with the user) or v2 group (204). */
export function deleteRequest(kind: 'user' | 'group', id: string): { api: 'v1' | 'v2'; method: 'DELETE'; url: string } {
  return kind === 'user' ? { api: 'v1', method: 'DELETE', url: `/systemusers/${id}` } : { api: 'v2', method: 'DELETE', url: `/usergroups/${id}` };
}
