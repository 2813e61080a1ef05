import type { ScimResource } from '../scim-urns';

/** The three PATCH operations of RFC 7644 §3.5.2, lower-cased whatever case the client wrote. */
export type PatchOpName = 'add' | 'replace' | 'remove';

/** One operation of a validated PatchOp request. */
export interface PatchOperation {
  /** 0-based position in `Operations`, so a detail can say `Operations[2]`. */
  index: number;
  op: PatchOpName;
  /** The `path` as written; absent when omitted, null or blank. */
  path?: string;
  /** Whether the operation carried a `value` member at all (`null` counts as carried). */
  hasValue: boolean;
  value?: unknown;
}

/** Knobs for behaviour the RFC leaves open or that real clients need bent. */
export interface PatchOptions {
  /**
   * Refuse a body whose `schemas` lacks `urn:ietf:params:scim:api:messages:2.0:PatchOp`
   * (RFC 7644 §3.5.2 says it MUST be there). Default true: Entra ID, Okta and SailPoint all send it.
   */
  requirePatchOpSchema?: boolean;
  /**
   * A `replace` whose value filter matches nothing is 400 `noTarget` by RFC 7644 §3.5.2.3.
   * When true, it instead appends a new value built from the filter's `eq` comparisons, as `add`
   * does (Microsoft's reference SCIM service behaves so). Default false.
   */
  replaceUnmatchedFilterAdds?: boolean;
  /**
   * What an explicit `path` naming an attribute the schemas do not define does: `ignore` (default:
   * attributes the bridge does not serve are ignored, as clients expect, e.g. Entra ID's default
   * `preferredLanguage` mapping) or `reject` with 400 `invalidPath`.
   */
  unknownPathAttributes?: 'ignore' | 'reject';
  /**
   * How many values a PATCH may leave in one multi-valued attribute (more than it held before):
   * beyond it, 400 `invalidValue`. Default `DEFAULT_MAX_VALUES_PER_ATTRIBUTE` (value-count-limit.ts).
   */
  maxValuesPerAttribute?: number;
  /**
   * Per-attribute caps that replace `maxValuesPerAttribute` for the named top-level attributes
   * (names compared case-insensitively, RFC 7643 §2.1), e.g. a user's `groups`, which JumpCloud
   * does not limit to a few values.
   */
  maxValuesByAttribute?: Readonly<Record<string, number>>;
}

/** What {@link applyPatch} returns. */
export interface PatchResult {
  /** The patched copy; the input resource is never mutated. */
  resource: ScimResource;
  /** Whether `resource` differs from the input at all (a no-op PATCH needs no backend write). */
  changed: boolean;
  /**
   * The attributes whose value differs, in SCIM path form: `userName`, `emails`,
   * `name.givenName` (single-valued complex attributes by sub-attribute),
   * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.
   */
  changedAttributes: string[];
}
