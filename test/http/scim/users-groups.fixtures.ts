import type { SeedDocument } from '../../../emulator/context';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorCall } from './scim-users.fixtures';

/** A small org: five users, three static groups, one group about to become dynamic. */
export const ORG_SEED: SeedDocument = {
  users: ['ann', 'bob', 'cat', 'dan', 'eve'].map((name) => ({ username: name, email: `${name}@example.com`, firstname: name, lastname: 'Test' })),
  groups: [
    { name: 'Sales', members: ['ann', 'bob'] },
    { name: 'Engineering', members: ['ann', 'cat'] },
    { name: 'Finance', members: [] },
    { name: 'Auto', members: ['dan'] },
  ],
};

const USER_NAMES = ['ann', 'bob', 'cat', 'dan', 'eve'] as const;
/** The groups of `ORG_SEED`, plus the one every org has. */
export const GROUP_NAMES = ['Sales', 'Engineering', 'Finance', 'Auto', 'All Users'] as const;

/** The seeded org, with ids looked up by name. */
export interface Org {
  h: BridgeHarness;
  user: Record<(typeof USER_NAMES)[number], string>;
  group: Record<(typeof GROUP_NAMES)[number], string>;
}

/**
 * A fresh emulator and bridge per test (so no cache of group names or memberships survives from
 * another test), seeded with `ORG_SEED`; "Auto" is turned into a dynamic group, which keeps the
 * members it had (as JumpCloud's recomputation would, until its rule changes).
 */
export async function startOrg(): Promise<Org> {
  const h = await startBridgeHarness({ seed: ORG_SEED });
  const users = await emulatorCall(h, 'get', '/api/systemusers').query({ limit: 100 }).expect(200);
  const groups = await emulatorCall(h, 'get', '/api/v2/usergroups').query({ limit: 100 }).expect(200);
  const userIds = new Map((users.body.results as { _id: string; username: string }[]).map((u) => [u.username, u._id]));
  const groupIds = new Map((groups.body as { id: string; name: string }[]).map((g) => [g.name, g.id]));
  const user = Object.fromEntries(USER_NAMES.map((name) => [name, required(userIds.get(name), name)])) as Org['user'];
  const group = Object.fromEntries(GROUP_NAMES.map((name) => [name, required(groupIds.get(name), name)])) as Org['group'];
  await emulatorCall(h, 'put', `/api/v2/usergroups/${group.Auto}`).send({ name: 'Auto', membershipMethod: 'DYNAMIC_AUTOMATED' }).expect(200);
  h.resetRequests();
  return { h, user, group };
}

/** The ids of the groups a user is a direct member of in the emulator ("All Users" left out). */
export function membershipsOf(org: Org, userId: string): string[] {
  return org.h.emulator.ctx.groups
    .groupsOfUser(userId)
    .filter((id) => id !== org.group['All Users'])
    .sort();
}

/** `POST /v2/usergroups/{id}/members` calls the emulator received since the last reset. */
export function memberOperations(org: Org): { groupId: string; body: unknown }[] {
  return org.h
    .jumpcloudRequests()
    .filter((r) => r.method === 'POST' && /^\/api\/v2\/usergroups\/[0-9a-f]{24}\/members$/.test(r.path))
    .map((r) => ({ groupId: r.path.split('/')[4] as string, body: r.body }));
}

/** Sorted ids of a SCIM `groups` value. */
export function groupIds(groups: unknown): string[] {
  return ((groups as { value: string }[] | undefined) ?? []).map((g) => g.value).sort();
}

function required(id: string | undefined, name: string): string {
  if (id === undefined) throw new Error(`the seeded org has no "${name}"`);
  return id;
}
