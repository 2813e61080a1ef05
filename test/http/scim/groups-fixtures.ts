import type { BridgeHarness } from '../../support/bridge-harness';
import { apiKeyActor } from '../../../emulator/default-options';

export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** Empties the emulator and creates `users` generated users; answers their ids in creation order. */
export function resetWithUsers(h: BridgeHarness, users: number): string[] {
  h.emulator.ctx.reset();
  h.emulator.ctx.seed({ generate: { users } });
  return h.emulator.ctx.users.idsInOrder(0, users);
}

/** Creates a group straight in the emulator (as an admin in the console would), with members. */
export function emulatorGroup(h: BridgeHarness, body: Record<string, unknown>, members: readonly string[] = []): string {
  const actor = apiKeyActor(h.emulator.ctx.options);
  const group = h.emulator.ctx.groups.create(body, actor);
  const id = group.id as string;
  for (const userId of members) h.emulator.ctx.groups.addMember(id, userId, actor);
  return id;
}

/** The direct member ids of a group, as the emulator holds them. */
export async function emulatorMembers(h: BridgeHarness, groupId: string): Promise<string[]> {
  const ids: string[] = [];
  const ctx = h.emulator.ctx;
  const total = (ctx.groups as unknown as { memberCount(id: string): number }).memberCount(groupId);
  const window = (ctx.groups as unknown as { memberWindow(id: string, skip: number, limit: number): string[] }).memberWindow(groupId, 0, total);
  ids.push(...window);
  return ids.sort();
}

/** The emulator's "All Users" group id. */
export function allUsersId(h: BridgeHarness): string {
  return (h.emulator.ctx.groups as unknown as { allUsersId: string }).allUsersId;
}

/** A PatchOp body. */
export function patch(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** Member operations the emulator received (POST /api/v2/usergroups/{id}/members). */
export function memberOperations(h: BridgeHarness): { op: string; id: string }[] {
  return h
    .jumpcloudRequests()
    .filter((r) => r.method === 'POST' && /^\/api\/v2\/usergroups\/[0-9a-f]{24}\/members$/.test(r.path))
    .map((r) => r.body as { op: string; id: string });
}

/** Reads of a group's member list (GET /api/v2/usergroups/{id}/members). */
export function memberListReads(h: BridgeHarness): number {
  return h.jumpcloudRequests().filter((r) => r.method === 'GET' && /^\/api\/v2\/usergroups\/[0-9a-f]{24}\/members$/.test(r.path)).length;
}
