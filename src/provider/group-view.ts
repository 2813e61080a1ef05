import { project } from '../scim/list';
import type { SchemaDefinition } from '../scim/schema';
import { URN, type ScimResource } from '../scim/scim-urns';
import type { Projection } from './provider-types';
import type { MemberShape, ScimMember } from './membership-reader';

/**
 * One group as the bridge answers it: the resource WITHOUT `members` (already projected), its
 * ETag, and, when the projection keeps members, a source of member pages the HTTP layer streams
 * into the `members` array. Members are never gathered into one array: a group may have 100,000.
 */
export interface GroupView {
  resource: ScimResource;
  etag: string;
  members?: () => AsyncIterable<ScimMember[]>;
}

/** A page of groups (RFC 7644 §3.4.2), each streamed like a single group. */
export interface GroupList {
  totalResults: number;
  /** Index paging (RFC 7644 §3.4.2.4); absent for a cursor-paged list. */
  startIndex?: number;
  /** Cursor paging (RFC 9865 §2.2): the next page's cursor while more remain. */
  nextCursor?: string;
  groups: GroupView[];
}

/**
 * Which member sub-attributes a projection keeps, or undefined when it drops `members` entirely
 * (`excludedAttributes=members`: then no member is fetched from JumpCloud at all). Decided by the
 * one projection engine (RFC 7644 §3.4.2.5) on a probe resource, so the rules cannot drift.
 */
export function memberShapeOf(projection: Projection, schemas: SchemaDefinition[]): MemberShape | undefined {
  const probe: ScimResource = { schemas: [URN.group], id: 'probe', members: [{ value: 'v', display: 'd', $ref: 'r', type: 'User' }] };
  const projected = project(probe, projection, schemas).members;
  if (!Array.isArray(projected) || projected.length === 0) return undefined;
  const kept = projected[0] as Record<string, unknown>;
  return { display: 'display' in kept, ref: '$ref' in kept, type: 'type' in kept };
}
