import request from 'supertest';
import type { BridgeHarness } from '../../support/bridge-harness';

/** SCIM URNs the tests write by hand (kept literal: the tests check the wire, not our constants). */
export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A minimal valid SCIM User whose userName and work e-mail are `<local>@example.com`. */
export function scimUser(local: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [CORE],
    userName: `${local}@example.com`,
    emails: [{ value: `${local}@example.com`, type: 'work', primary: true }],
    ...extra,
  };
}

/** A call straight to the emulator's API or control surface (with its API key), bypassing the bridge. */
export function emulatorCall(h: BridgeHarness, method: 'get' | 'post' | 'put' | 'delete', path: string): request.Test {
  return request(h.emulator.url)[method](path).set('x-api-key', h.emulator.ctx.options.apiKey);
}

/** The JumpCloud record of a user as the emulator holds it (undefined when absent). */
export function jumpcloudUser(h: BridgeHarness, id: string): Record<string, unknown> | undefined {
  return h.emulator.ctx.users.get(id);
}

/** Creates a user through the bridge and answers its SCIM representation. */
export async function createThroughBridge(h: BridgeHarness, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  const res = await h.scim('post', '/Users').send(body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown> & { id: string };
}

/** Installs emulator fault rules (emulator/control/fault-rule.ts). */
export async function injectFaults(h: BridgeHarness, rules: Record<string, unknown>[]): Promise<void> {
  await emulatorCall(h, 'post', '/__emulator/faults').send(rules).expect(201);
}

/** JumpCloud writes (anything but reads) the emulator received since the last reset of its log. */
export function jumpcloudWrites(h: BridgeHarness): { method: string; path: string; body: unknown }[] {
  return h.jumpcloudRequests().filter((r) => !(r.method === 'GET' || (r.method === 'POST' && r.path === '/api/search/systemusers')));
}

/** Empties the emulator (users, groups, faults, request log) and seeds it again. */
export function resetEmulator(h: BridgeHarness, seed: Parameters<BridgeHarness['emulator']['ctx']['seed']>[0] = {}): void {
  h.emulator.ctx.reset();
  h.emulator.ctx.seed(seed);
}
