import { JumpCloudError, v1Filter, type JumpCloudClient, type SystemUser } from '../jumpcloud';
import type { AuditRecord } from '../lifecycle/audit-record';
import type { AuditStore } from '../lifecycle/audit-store';
import type { UserMapping } from '../mapping';
import type { ScimResource } from '../scim/scim-urns';
import { ScimError } from '../scim/scim-error';
import type { AdminAuditProvider } from './admin-audit.provider';

/** One search hit. */
export interface PersonHit {
  id: string;
  userName: string;
  email: string;
}

/** An attribute whose live JumpCloud value differs from what the bridge last wrote. */
export interface PersonDifference {
  attribute: string;
  jumpcloud: unknown;
  lastWritten: unknown;
}

export interface PersonAnswer {
  id: string;
  history: AuditRecord[];
  /** The live user in SCIM form; null when JumpCloud has no such user (or could not be read: see jumpcloudUnavailable). */
  jumpcloud: ScimResource | null;
  /** True when JumpCloud could not be read now (the history is still shown). */
  jumpcloudUnavailable?: true;
  lastWritten: Record<string, unknown>;
  differences: PersonDifference[];
}

/** Write types whose `changes` carry values the bridge wrote (drift records are someone else's). */
const WRITTEN_TYPES = new Set(['joiner', 'mover', 'rehire', 'suspend']);
const MAX_QUERY_LENGTH = 256;
const MAX_HITS = 20;

/**
 * The value at a SCIM attribute path as the journal writes them (classify.ts): `title`,
 * `name.givenName`, or an extension's `urn:...:enterprise:2.0:User:manager.value` (the URN holds
 * dots of its own, so it is matched as a key of the resource, not split).
 */
export function valueAtPath(resource: Record<string, unknown>, path: string): unknown {
  let current: unknown = resource;
  let rest = path;
  if (path.startsWith('urn:')) {
    const urn = Object.keys(resource).find((key) => path.startsWith(`${key}:`));
    if (urn === undefined) return undefined;
    current = resource[urn];
    rest = path.slice(urn.length + 1);
  }
  for (const part of rest.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** null, '' and [] all mean "unset" (RFC 7643 §2.5), as the journal's diff treats them. */
function assigned(value: unknown): unknown {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0) ? null : value;
}

/** Deep equality of JSON values (key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The console's person page: their journal history, their live JumpCloud record, what the bridge
 * last wrote (the `after` of each attribute in its successful writes, oldest to newest) and where
 * the two differ (changes made behind the bridge's back, or writes that did not land).
 */
export class ConsolePersonProvider {
  constructor(private readonly deps: { audit: AuditStore; adminAudit: AdminAuditProvider; jumpcloud: JumpCloudClient; mapping: UserMapping }) {}

  /** Search by id, userName or e-mail: the journal's matches, then JumpCloud's (by username, e-mail or id). */
  async search(raw: unknown): Promise<{ people: PersonHit[] }> {
    if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_QUERY_LENGTH) throw ScimError.status(400, `Query parameter "q" must be a non-empty text of at most ${MAX_QUERY_LENGTH} characters.`);
    const q = raw.trim();
    const hits = new Map<string, PersonHit>();
    const page = await this.deps.audit.query({ user: q, limit: 100 });
    for (const record of page.records) {
      const id = record.resourceType === 'User' ? (record.scimId ?? record.jumpcloudId) : record.member?.id;
      const userName = record.resourceType === 'User' ? record.userName : record.member?.userName;
      if (id !== undefined && !hits.has(id)) hits.set(id, { id, userName: userName ?? '', email: '' });
    }
    for (const user of await this.jumpcloudMatches(q)) {
      const hit = this.hit(user);
      const known = hits.get(hit.id);
      hits.set(hit.id, known ? { ...known, userName: hit.userName || known.userName, email: hit.email } : hit);
    }
    return { people: [...hits.values()].slice(0, MAX_HITS) };
  }

  /** `GET /console/api/people/:id`: 404 when neither the journal nor JumpCloud knows the id. */
  async person(id: string): Promise<PersonAnswer> {
    let history: AuditRecord[] = [];
    let resolvedId = id;
    try {
      const answer = await this.deps.adminAudit.history(id);
      history = answer.events;
      resolvedId = answer.id;
    } catch (err) {
      if (!(err instanceof ScimError) || err.status !== 404) throw err;
    }
    let jumpcloud: ScimResource | null = null;
    let unavailable = false;
    try {
      jumpcloud = this.deps.mapping.toScim(await this.deps.jumpcloud.users.get(resolvedId));
    } catch (err) {
      // Missing in JumpCloud (deleted, or never created) is an answer; anything else is "cannot tell now".
      if (!(err instanceof JumpCloudError && err.isNotFound())) unavailable = true;
    }
    if (history.length === 0 && jumpcloud === null && !unavailable) throw ScimError.status(404, 'Neither the journal nor JumpCloud knows that user.');
    const lastWritten = lastWrittenValues(history);
    const differences = jumpcloud === null ? [] : differencesOf(lastWritten, jumpcloud as unknown as Record<string, unknown>);
    return { id: resolvedId, history, jumpcloud, ...(unavailable ? { jumpcloudUnavailable: true as const } : {}), lastWritten, differences };
  }

  private async jumpcloudMatches(q: string): Promise<SystemUser[]> {
    const fields = ['_id', 'username', 'email', 'attributes'];
    const filters = [[v1Filter('username', '$eq', q)], [v1Filter('email', '$eq', q)]];
    if (/^[0-9a-f]{24}$/i.test(q)) filters.push([v1Filter('_id', '$eq', q)]);
    const found: SystemUser[] = [];
    try {
      for (const filter of filters) found.push(...(await this.deps.jumpcloud.users.listPage({ filter, fields, limit: MAX_HITS })).results);
    } catch {
      // The journal's hits still help when JumpCloud is unreachable or refuses the filter.
    }
    return found;
  }

  private hit(user: SystemUser): PersonHit {
    const resource = this.deps.mapping.toScim(user);
    return { id: user._id, userName: typeof resource.userName === 'string' ? resource.userName : (user.username ?? ''), email: user.email ?? '' };
  }
}

/** attribute -> the value the bridge last wrote, from the `changes` of its successful writes (oldest first). */
export function lastWrittenValues(oldestFirst: readonly AuditRecord[]): Record<string, unknown> {
  const written: Record<string, unknown> = {};
  for (const record of oldestFirst) {
    if (record.resourceType !== 'User' || !WRITTEN_TYPES.has(record.type) || record.outcome !== 'succeeded') continue;
    for (const change of record.changes ?? []) written[change.attribute] = change.after ?? null;
  }
  return written;
}

function differencesOf(lastWritten: Record<string, unknown>, live: Record<string, unknown>): PersonDifference[] {
  const differences: PersonDifference[] = [];
  for (const [attribute, value] of Object.entries(lastWritten)) {
    const current = assigned(valueAtPath(live, attribute));
    if (!sameJson(current, assigned(value))) differences.push({ attribute, jumpcloud: current, lastWritten: value });
  }
  return differences;
}
