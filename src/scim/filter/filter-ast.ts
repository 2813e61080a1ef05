/**
 * The syntax tree of RFC 7644 §3.4.2.2 filters and of PATCH paths (§3.5.2). Attribute names keep
 * the client's spelling; resolution against schema definitions is case-insensitive (§3.4.2.2:
 * "attribute names and attribute operators used in filters are case insensitive").
 */

/** §3.4.2.2 comparison operators (lower-cased). `pr` is its own node. */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal of the filter grammar (§3.4.2.2 compValue), or an unquoted token Entra sends. */
export type FilterValue = string | number | boolean | null;

/**
 * An attribute path: `[schemaURN:]attribute[.subAttribute]`, optionally with a value filter on a
 * multi-valued complex attribute: `emails[type eq "work"].value` (attribute `emails`,
 * valueFilter `type eq "work"`, subAttribute `value`).
 */
export interface AttributePath {
  /** Schema URN prefix when given (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`). */
  schema?: string;
  attribute: string;
  /** Filter inside `[...]`; its paths are relative to the attribute's sub-attributes. */
  valueFilter?: FilterNode;
  subAttribute?: string;
}

export type FilterNode =
  | {
      kind: 'compare';
      path: AttributePath;
      operator: CompareOperator;
      value: FilterValue;
      /**
       * The value token as written when it was NOT a quoted string (`7`, `true`, or an unquoted
       * Entra ID value such as `7a1c-...`), so that a string attribute compares against the
       * client's own text (`externalId eq 007` means "007", not 7). Absent for quoted strings.
       */
      unquoted?: string;
    }
  | { kind: 'present'; path: AttributePath }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; filter: FilterNode }
  /** `emails[type eq "work" and value co "@example.com"]` used as a filter on its own. */
  | { kind: 'valuePath'; path: AttributePath; filter: FilterNode };
