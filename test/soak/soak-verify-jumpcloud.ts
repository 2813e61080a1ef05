import { SOAK_ATTRIBUTES, type JumpCloudUser } from './soak-attributes';
import type { JumpCloudState } from './soak-jumpcloud-state';
import type { Finding, SoakLedger, SoakUser } from './soak-ledger';

/** JumpCloud's username for a soak userName (the default `local-part` rule: before `@`, lower-cased). */
export function jumpcloudUsername(userName: string): string {
  return (userName.split('@')[0] ?? '').toLowerCase();
}

/**
 * Compares what the clients were told with what JumpCloud holds: every acknowledged create
 * exists exactly once, no username or e-mail is held twice, acknowledged attribute values and
 * memberships are JumpCloud's, acknowledged deletes are gone, and no account appeared that no
 * client asked for.
 */
export function verifyJumpCloud(ledger: SoakLedger, state: JumpCloudState, runTag: string): Finding[] {
  const findings: Finding[] = [];
  const byUsername = groupBy(state.users, (user) => (user.username ?? '').toLowerCase());
  const byEmail = groupBy(state.users, (user) => (user.email ?? '').toLowerCase());
  const ids = new Set(state.users.map((user) => user._id));
  for (const [username, holders] of byUsername) {
    if (holders.length > 1) findings.push({ check: 'duplicate-username', detail: `${holders.length} users hold username ${username}: ${holders.map((u) => u._id).join(', ')}` });
  }
  for (const [email, holders] of byEmail) {
    if (email !== '' && holders.length > 1) findings.push({ check: 'duplicate-email', detail: `${holders.length} users hold e-mail ${email}: ${holders.map((u) => u._id).join(', ')}` });
  }

  const expected = new Set<string>();
  for (const user of ledger.users.values()) {
    const username = jumpcloudUsername(user.userName);
    expected.add(username);
    const held = byUsername.get(username) ?? [];
    findings.push(...verifyUser(user, held, ids, ledger.groupIds, state));
  }
  // Accounts of this run that no client tried to create.
  const prefix = `${runTag}c`;
  for (const [username, holders] of byUsername) {
    if (username.startsWith(prefix) && !expected.has(username)) findings.push({ check: 'phantom-user', detail: `JumpCloud holds ${username} (${holders.map((u) => u._id).join(', ')}), which no client created` });
  }
  // Members that are no user at all (a delete that left its memberships behind).
  for (const [groupId, members] of state.members) {
    for (const id of members) if (!ids.has(id)) findings.push({ check: 'dangling-member', detail: `group ${groupId} lists member ${id}, which is no user`, userId: id });
  }
  return findings;
}

function verifyUser(user: SoakUser, held: JumpCloudUser[], ids: Set<string>, groupIds: readonly string[], state: JumpCloudState): Finding[] {
  const about = { userName: user.userName, userId: user.id };
  const findings: Finding[] = [];
  const acknowledgedCreate = user.created === 'acked' || user.created === 'inferred';
  const acknowledgedDelete = user.deleted === 'acked' || user.deleted === 'inferred';
  if (acknowledgedDelete) {
    if (user.id && ids.has(user.id)) findings.push({ ...about, check: 'delete-not-gone', detail: `acknowledged delete (${user.deleted}), but JumpCloud still holds the user` });
    else if (held.length > 0) findings.push({ ...about, check: 'delete-not-gone', detail: `acknowledged delete, but JumpCloud holds the username as ${held.map((u) => u._id).join(', ')}` });
    return findings;
  }
  if (user.deleted === 'unknown' || user.created === 'unknown' || user.created === 'pending') return findings;
  // Acknowledged (or adopted after an unknown outcome): there, exactly once, with the id the client holds.
  const jumpcloud = held.length === 1 ? held[0] : undefined;
  if (!jumpcloud || jumpcloud._id !== user.id) {
    findings.push({ ...about, check: acknowledgedCreate ? 'acknowledged-create-missing' : 'adopted-user-missing', detail: `JumpCloud holds the username as [${held.map((u) => u._id).join(', ')}]` });
    return findings;
  }
  if ((jumpcloud.email ?? '').toLowerCase() !== user.email.toLowerCase()) findings.push({ ...about, check: 'email', detail: `JumpCloud e-mail ${jumpcloud.email}, created with ${user.email}` });
  for (const attribute of SOAK_ATTRIBUTES) {
    const possible = user.attributes.get(attribute.key);
    const value = attribute.read(jumpcloud);
    if (possible && !possible.accepts(value)) {
      findings.push({ ...about, check: 'attribute', detail: `${attribute.key}: JumpCloud holds ${JSON.stringify(value)}, acknowledged ${JSON.stringify(possible.acceptable())}` });
    }
  }
  for (const groupId of groupIds) {
    const member = state.members.get(groupId)?.has(jumpcloud._id) ?? false;
    const possible = user.memberships.get(groupId);
    const accepted = possible ? possible.accepts(member) : !member;
    if (!accepted) findings.push({ ...about, check: 'membership', detail: `group ${groupId}: JumpCloud says member=${member}, acknowledged ${JSON.stringify(possible?.acceptable() ?? [false])}` });
  }
  return findings;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}
