import type { CalibrationSession, TempUser } from '../calibration-session';
import { CalibrationError } from '../calibration-error';
import { byStatus, measured, other, type ProbeOutcome } from '../probe-outcome';
import { postUser } from '../temp-objects';
import { unexpectedAnswer } from '../wire-client';

/** The one `addresses` item the temporary user is created with (NOTES.md: array items get ids). */
const ADDRESS = { type: 'work', streetAddress: '1 Calibration Way', locality: 'Boulder', region: 'CO', postalCode: '80301', country: 'US' };

/** Creates the temporary user: no `state` (the org default applies), one `addresses` item. */
export async function createTempUser(session: CalibrationSession): Promise<TempUser> {
  const { username, email } = session.names.user();
  const { answer, id } = await postUser(session, { username, email, firstname: 'Calibration', lastname: 'Probe', addresses: [ADDRESS] });
  if (!id) throw unexpectedAnswer({ method: 'POST', url: '/systemusers' }, answer, 'creating the temporary user');
  session.user = { id, username, sentAddress: ADDRESS };
  return session.user;
}

/** The temporary user, or an error saying the probe needs it. */
export function needUser(session: CalibrationSession): TempUser {
  if (!session.user) throw new CalibrationError('missing-setup', 'needs the temporary user, which could not be created');
  return session.user;
}

async function readUser(session: CalibrationSession, user: TempUser): Promise<Record<string, unknown>> {
  const request = { api: 'v1' as const, method: 'GET' as const, url: `/systemusers/${user.id}` };
  const answer = await session.wire.send(request);
  if (answer.status !== 200 || answer.body === null || typeof answer.body !== 'object') throw unexpectedAnswer(request, answer, 'reading the temporary user');
  return answer.body as Record<string, unknown>;
}

/** `defaultUserState`: the state a user created without one takes (an org setting). */
export async function probeDefaultUserState(session: CalibrationSession): Promise<ProbeOutcome> {
  const state = (await readUser(session, needUser(session))).state;
  if (state === 'ACTIVATED' || state === 'STAGED') return measured('defaultUserState', state, `state ${state}`);
  return other('defaultUserState', `state ${JSON.stringify(state)}`);
}

function firstAddress(user: Record<string, unknown>): Record<string, unknown> | undefined {
  const items = user.addresses;
  return Array.isArray(items) && items[0] !== null && typeof items[0] === 'object' ? (items[0] as Record<string, unknown>) : undefined;
}

/**
 * `arrayItemIds`: does an `addresses` item come back with `id` and `_id` (NOTES.md "Observed in
 * real events")? Then the read array is PUT back unchanged, as the bridge's read-merge-write
 * does, and the note says whether the ids changed (real events show new ids on every replace).
 */
export async function probeArrayItemIds(session: CalibrationSession): Promise<ProbeOutcome> {
  const user = needUser(session);
  const read = await readUser(session, user);
  const item = firstAddress(read);
  if (!item) return other('arrayItemIds', 'the addresses item did not come back');
  const hasId = typeof item.id === 'string' && item.id !== '';
  const hasUnderscoreId = typeof item._id === 'string' && item._id !== '';
  const request = { api: 'v1' as const, method: 'PUT' as const, url: `/systemusers/${user.id}`, body: { addresses: read.addresses } };
  const put = await session.wire.send(request);
  if (put.status !== 200) throw unexpectedAnswer(request, put, 'putting the same addresses back');
  const after = firstAddress(put.body as Record<string, unknown>);
  const changed = hasId && after !== undefined && after.id !== item.id;
  const notes = [`a PUT of the same addresses ${hasId ? (changed ? 'gave the item a new id' : 'kept the item id') : 'was accepted'}`];
  if (hasId && hasUnderscoreId) return measured('arrayItemIds', 'id-and-_id', 'items carry id and _id', notes);
  if (!hasId && !hasUnderscoreId) return measured('arrayItemIds', 'none', 'items carry no id', notes);
  // One key without the other is a shape the emulator has no value for.
  return other('arrayItemIds', `items carry ${hasId ? 'id' : '_id'} only`, notes);
}

/**
 * `searchByObjectId`: `POST /search/systemusers` with `{filter:{or:[{_id}]}}`. Finding the user
 * is `matches`; finding nothing is `matches-nothing`; finding other users too means the filter
 * was ignored, which the emulator does not model.
 */
export async function probeSearchByObjectId(session: CalibrationSession): Promise<ProbeOutcome> {
  const user = needUser(session);
  const request = { api: 'v1' as const, method: 'POST' as const, url: '/search/systemusers', body: { filter: { or: [{ _id: user.id }] } } };
  const answer = await session.wire.send(request);
  if (answer.status !== 200) return byStatus('searchByObjectId', answer.status, {});
  const results = (answer.body as { results?: unknown }).results;
  const ids = Array.isArray(results) ? results.map((entry) => (entry as Record<string, unknown>)._id) : [];
  if (ids.length === 0) return measured('searchByObjectId', 'matches-nothing', '200, no user found');
  if (ids.every((id) => id === user.id)) return measured('searchByObjectId', 'matches', '200, the user found');
  return other('searchByObjectId', `200 with ${ids.length} users: the filter was ignored`);
}

/**
 * `restrictedFieldsCheck`: PUT `restrictedFields` naming `alternateEmail`, a field outside the V1
 * spec's enum (NOTES.md "restrictedFields"). 400: the enum is enforced; 200: anything goes.
 * Run last on the user: an accepted restriction may change how later writes are treated.
 */
export async function probeRestrictedFields(session: CalibrationSession): Promise<ProbeOutcome> {
  const user = needUser(session);
  const answer = await session.wire.send({ api: 'v1', method: 'PUT', url: `/systemusers/${user.id}`, body: { restrictedFields: [{ field: 'alternateEmail', type: 'scim' }] } });
  return byStatus('restrictedFieldsCheck', answer.status, { 400: 'spec-enum', 200: 'any' });
}
