import type { AttributePath } from './filter-ast';
import { PATH_MODE, FilterParser, type FilterLimits } from './filter-parser';

/**
 * Parses a PATCH operation's `path` (RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`):
 * `members`, `name.givenName`, `emails[type eq "work"].value`, `members[value eq "2819c223"]`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 * Surrounding whitespace is ignored.
 * @throws ScimError `invalidPath` (400, RFC 7644 §3.12) whose detail gives the 1-based position
 *   of the problem, including problems inside the value filter.
 */
export function parsePath(text: string, options: FilterLimits = {}): AttributePath {
  return new FilterParser(text, PATH_MODE, options).parsePath();
}
