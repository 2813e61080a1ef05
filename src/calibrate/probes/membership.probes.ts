import { CalibrationError } from '../calibration-error';
import type { CalibrationSession, TempGroup } from '../calibration-session';
import { byStatus, type ProbeOutcome } from '../probe-outcome';
import { createGroup, deleteNow, postGroup } from '../temp-objects';
import { unexpectedAnswer } from '../wire-client';
import { needUser } from './user.probes';

/** Creates the temporary group the membership probes use. */
export async function createTempGroup(session: CalibrationSession): Promise<TempGroup> {
  session.group = await createGroup(session, session.names.group('members'));
  return session.group;
}

function needGroup(session: CalibrationSession): TempGroup {
  if (!session.group) throw new CalibrationError('missing-setup', 'needs the temporary group, which could not be created');
  return session.group;
}

function memberOperation(session: CalibrationSession, group: TempGroup, op: 'add' | 'remove', userId: string) {
  return session.wire.send({ api: 'v2', method: 'POST', url: `/usergroups/${group.id}/members`, body: { op, type: 'user', id: userId } });
}

/**
 * `nonMemberRemove`: removing the temporary user from the temporary group before it was ever
 * added. 404 `not-found` or 204 `no-content` (no evidence either way, NOTES.md "v2 user groups").
 */
export async function probeNonMemberRemove(session: CalibrationSession): Promise<ProbeOutcome> {
  const answer = await memberOperation(session, needGroup(session), 'remove', needUser(session).id);
  return byStatus('nonMemberRemove', answer.status, { 404: 'not-found', 204: 'no-content' });
}

/**
 * `duplicateMemberAdd`: the temporary user added to the temporary group twice. The first add must
 * be JumpCloud's documented 204; the second is 409 `conflict` or 204 `no-content` (both reported).
 */
export async function probeDuplicateMemberAdd(session: CalibrationSession): Promise<ProbeOutcome> {
  const group = needGroup(session);
  const user = needUser(session);
  const first = await memberOperation(session, group, 'add', user.id);
  if (first.status !== 204) throw unexpectedAnswer({ method: 'POST', url: `/usergroups/${group.id}/members` }, first, 'the first member add');
  session.memberAdded = true;
  const second = await memberOperation(session, group, 'add', user.id);
  return byStatus('duplicateMemberAdd', second.status, { 409: 'conflict', 204: 'no-content' });
}

/**
 * `duplicateGroupName`: a second group with the temporary group's name. 409 `conflict`, or 201
 * `allow`, in which case the twin is deleted at once (and stays in the ledger until it is).
 */
export async function probeDuplicateGroupName(session: CalibrationSession): Promise<ProbeOutcome> {
  const group = needGroup(session);
  const { answer, id } = await postGroup(session, group.name);
  if (id) await deleteNow(session, 'group', id);
  return byStatus('duplicateGroupName', answer.status, { 409: 'conflict', 201: 'allow' });
}
