import type { FilterNode } from './filter-ast';
import { FILTER_MODE, FilterParser, type FilterLimits } from './filter-parser';

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into its syntax tree. Operators, keywords and
 * `true`/`false`/`null` are case-insensitive; attribute names keep the client's spelling (they are
 * resolved case-insensitively later). Unquoted values that are not a JSON literal or number are
 * taken as strings, as Entra ID sends them (`externalId eq 7a1c-...`).
 * @param options limits on length (default 4096 characters) and nesting depth (default 32).
 * @throws ScimError `invalidFilter` (400, RFC 7644 §3.12) whose detail gives the 1-based position
 *   of the problem and what was expected there.
 */
export function parseFilter(text: string, options: FilterLimits = {}): FilterNode {
  return new FilterParser(text, FILTER_MODE, options).parseFilter();
}
