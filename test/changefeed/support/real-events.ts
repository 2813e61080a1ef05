import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeSchemaErrors } from '../../../src/jumpcloud/jumpcloud-schemas';
import { jumpcloudValidators, type DirectoryEvent } from '../../../src/jumpcloud';

/** Real Directory Insights event shapes (see the folder's README.md for where each comes from). */
export const REAL_EVENTS_DIR = join(__dirname, '..', 'fixtures', 'real-events');

/** The fixture files, without `.json`. */
export type RealEventName =
  | 'user-update-api-key'
  | 'user-update-api-key-scim-source'
  | 'user-update-console-session'
  | 'user-update-suspend'
  | 'user-delete-api-key'
  | 'association-change-user-group'
  | 'association-change-documented'
  | 'association-change-device-binding';

/** Every fixture in the folder, by name. */
export function realEventNames(): string[] {
  return readdirSync(REAL_EVENTS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/**
 * Reads one fixture: it must say where it comes from (a `"//"` key) and be a valid Directory
 * Insights event (the bridge's own event schema, with ajv): a broken fixture fails loudly
 * instead of becoming a passing test.
 */
export function loadRealEvent(name: string): { provenance: string; event: DirectoryEvent } {
  const path = join(REAL_EVENTS_DIR, `${name}.json`);
  return parseRealEvent(readFileSync(path, 'utf8'), path);
}

/** `loadRealEvent` on a file's text (`where` names it in errors). */
export function parseRealEvent(text: string, where: string): { provenance: string; event: DirectoryEvent } {
  const { '//': provenance, ...event } = JSON.parse(text) as Record<string, unknown>;
  if (typeof provenance !== 'string' || provenance.trim() === '') throw new Error(`${where}: no provenance ("//" key)`);
  if (!jumpcloudValidators.event(event)) throw new Error(`${where}: not a Directory Insights event: ${describeSchemaErrors(jumpcloudValidators.event.errors)}`);
  return { provenance, event: event as DirectoryEvent };
}

let sequence = 0;
/** A fresh 24-hex event id (DI ids are ObjectIds): every injected event is a new one. */
export function nextEventId(): string {
  sequence += 1;
  return `6f${Date.now().toString(16).padStart(12, '0')}${sequence.toString(16).padStart(10, '0')}`;
}

/** What a test puts in place of the fixture's anonymised ids and times. */
export interface Rewrite {
  /** Event time (default now). */
  timestamp?: string;
  /** `resource.id` (and `resource.username` when given). */
  resource?: { id: string; username?: string };
  /** The association end of type `user`. */
  user?: string;
  /** The association end of type `user_group` (and a `user_group` resource): id and name. */
  group?: { id: string; name?: string };
  /** `initiated_by.id`: the admin who made the change. */
  admin?: string;
  /** `auth_method`. */
  authMethod?: string;
  /** `association.op`. */
  op?: 'add' | 'remove';
  /** Keep only the `changes[]` entries of these fields. */
  onlyFields?: readonly string[];
}

/**
 * A fixture event about the test's objects: the same JSON with its ids and time rewritten (and a
 * new event id, so the feed sees a new event every time).
 */
export function realEvent(name: RealEventName, rewrite: Rewrite = {}): DirectoryEvent {
  const event = structuredClone(loadRealEvent(name).event);
  event.id = nextEventId();
  event.timestamp = rewrite.timestamp ?? new Date().toISOString();
  if (rewrite.resource && event.resource) {
    event.resource.id = rewrite.resource.id;
    if (rewrite.resource.username !== undefined) event.resource.username = rewrite.resource.username;
  }
  if (rewrite.admin !== undefined && event.initiated_by) event.initiated_by.id = rewrite.admin;
  if (rewrite.authMethod !== undefined) event.auth_method = rewrite.authMethod;
  if (rewrite.onlyFields) event.changes = (event.changes ?? []).filter((change) => rewrite.onlyFields?.includes(change.field));
  if (rewrite.op !== undefined && event.association) event.association.op = rewrite.op;
  const connection = event.association?.connection;
  for (const end of [connection?.from, connection?.to]) {
    if (!end) continue;
    const id = end.type === 'user' ? rewrite.user : end.type === 'user_group' ? rewrite.group?.id : undefined;
    if (id !== undefined) end['object_id' in end ? 'object_id' : 'id'] = id;
    if (end.type === 'user_group' && rewrite.group?.name !== undefined && 'name' in end) end.name = rewrite.group.name;
  }
  if (event.resource?.type === 'user_group' && rewrite.group) {
    event.resource.id = rewrite.group.id;
    if (rewrite.group.name !== undefined) event.resource.name = rewrite.group.name;
  }
  return event;
}
