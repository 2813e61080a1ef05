/**
 * Weak entity-tags of SCIM resources and the conditional requests of RFC 7644 §3.14 / RFC 7232.
 */
import { hash } from 'node:crypto';
import { ScimError } from './scim-error';

/**
 * A weak ETag (`W/"<hash>"`, RFC 7232 §2.3) of a resource's content. Stable across key order
 * (keys are sorted before hashing). `meta.version` is left out, since it is the ETag itself, and
 * so is `meta.location`, which depends on the base URL a client used (SailPoint admins append
 * `/Users` to it) and not on the resource. Weak because the hash covers the JSON data, not the
 * bytes of one representation. Compute it on the full resource, before `attributes` projection,
 * so that every view of one version carries the same tag.
 */
export function weakEtag(resource: Record<string, unknown>): string {
  // One-shot hash (no Hash object per call): this runs for every resource answered, page members included.
  const digest = hash('sha256', canonicalJson(withoutVersion(resource)), 'base64url');
  return `W/"${digest.slice(0, 27)}"`;
}

function withoutVersion(resource: Record<string, unknown>): Record<string, unknown> {
  const meta = resource.meta;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return resource;
  const { version: _version, location: _location, ...rest } = meta as Record<string, unknown>;
  return { ...resource, meta: rest };
}

/**
 * JSON with object keys sorted at every depth (so JumpCloud answering the same record with its
 * keys in another order keeps the tag); array order is kept (it is content); undefined members are
 * left out, as JSON.stringify does. Written as plain loops over one growing string: it runs for
 * every resource answered, and the entries/filter/sort/map/join version allocated several arrays
 * per object (issue 13). `test/scim/etag.test.ts` holds it to that version on random values.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Array.prototype.sort compares strings by UTF-16 code units, as `<` does.
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${quotedKey(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** Keys as JSON strings, remembered: a directory's resources share a few dozen keys (a quarter of the tag's cost). */
const QUOTED_KEYS = new Map<string, string>();
const MOST_QUOTED_KEYS = 10_000;
function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    // Bounded: keys come from JumpCloud data (custom attributes) as well as the schemas.
    if (QUOTED_KEYS.size < MOST_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** `If-Match` / `If-None-Match` as Node gives them (a repeated header may arrive as an array). */
export interface Preconditions {
  ifMatch?: string | string[];
  ifNoneMatch?: string | string[];
  /** The request method: `If-None-Match` answers 304 only for GET and HEAD (RFC 7232 §3.2). */
  method?: string;
}

/** What the request may do next. */
export type PreconditionOutcome = 'proceed' | 'not-modified';

/**
 * Evaluates `If-Match` then `If-None-Match` (RFC 7232 §6) against the resource's current ETag
 * (undefined when the resource does not exist).
 *
 * - `If-Match` (RFC 7644 §3.14): `*` passes when the resource exists; otherwise one listed tag
 *   must match. Comparison is WEAK: RFC 7232 §3.1 asks for strong comparison, but SCIM resources
 *   carry weak tags (RFC 7644 §3.14 sends `If-Match: W/"..."` itself), which strong comparison
 *   could never match. A failure throws 412.
 * - `If-None-Match`: `*` or a matching tag fails the condition: 304 (`'not-modified'`) for GET and
 *   HEAD, a 412 for any other method.
 *
 * @throws ScimError 412 when a precondition fails for a method that cannot answer 304.
 */
export function checkPreconditions(preconditions: Preconditions, currentEtag: string | undefined): PreconditionOutcome {
  const method = (preconditions.method ?? 'GET').toUpperCase();
  const ifMatch = parseEtagList(preconditions.ifMatch);
  if (ifMatch !== undefined) {
    const passes = ifMatch === '*' ? currentEtag !== undefined : currentEtag !== undefined && ifMatch.some((tag) => weakMatch(tag, currentEtag));
    if (!passes) {
      throw ScimError.status(
        412,
        currentEtag === undefined
          ? 'If-Match failed: the resource does not exist.'
          : `If-Match failed: the resource has changed; its current version is ${currentEtag}. Read it again and retry.`,
      );
    }
  }
  const ifNoneMatch = parseEtagList(preconditions.ifNoneMatch);
  if (ifNoneMatch !== undefined && currentEtag !== undefined) {
    const matches = ifNoneMatch === '*' || ifNoneMatch.some((tag) => weakMatch(tag, currentEtag));
    if (matches) {
      if (method === 'GET' || method === 'HEAD') return 'not-modified';
      throw ScimError.status(412, `If-None-Match failed: the resource exists with version ${currentEtag}.`);
    }
  }
  return 'proceed';
}

/**
 * The entity-tags of an `If-Match`/`If-None-Match` header (RFC 7232 §3.1: `*` or a comma list of
 * entity-tags). An unquoted tag is taken as its quoted form, as some clients drop the quotes.
 * Absent or blank: undefined (no precondition).
 */
function parseEtagList(header: string | string[] | undefined): '*' | string[] | undefined {
  const text = (Array.isArray(header) ? header.join(',') : header)?.trim();
  if (text === undefined || text === '') return undefined;
  if (text === '*') return '*';
  const tags: string[] = [];
  // A quoted opaque-tag may itself contain commas, so split by scanning, not by ','.
  const pattern = /\s*(W\/)?("[^"]*"|[^,\s]+)\s*(?:,|$)/giy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const opaque = match[2] ?? '';
    const quoted = opaque.startsWith('"') ? opaque : `"${opaque}"`;
    tags.push(`${match[1] ? 'W/' : ''}${quoted}`);
  }
  return tags;
}

/** RFC 7232 §2.3.2 weak comparison: the opaque tags match, whether or not either is weak. */
function weakMatch(a: string, b: string): boolean {
  return opaqueTag(a) === opaqueTag(b);
}

function opaqueTag(tag: string): string {
  const trimmed = tag.trim();
  return /^w\//i.test(trimmed) ? trimmed.slice(2) : trimmed;
}
