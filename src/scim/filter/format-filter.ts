import type { AttributePath, FilterNode, FilterValue } from './filter-ast';

/**
 * Writes a path back as RFC 7644 text: `urn:...:User:manager.value`, `emails[type eq "work"].value`.
 * Used in error details (so they quote the client's attribute) and by callers that log filters.
 */
export function formatPath(path: AttributePath): string {
  const schema = path.schema !== undefined ? `${path.schema}:` : '';
  const filter = path.valueFilter ? `[${formatFilter(path.valueFilter)}]` : '';
  const sub = path.subAttribute !== undefined ? `.${path.subAttribute}` : '';
  return `${schema}${path.attribute}${filter}${sub}`;
}

/**
 * Writes a filter tree back as canonical RFC 7644 §3.4.2.2 text: lower-case operators, quoted
 * strings (unquoted Entra values come back quoted), parentheses only where precedence needs them.
 * `parseFilter(formatFilter(node))` yields `node` again, minus `unquoted` markers.
 */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `${formatPath(node.path)} ${node.operator} ${formatValue(node.value)}`;
    case 'present':
      return `${formatPath(node.path)} pr`;
    case 'valuePath':
      return formatPath({ ...node.path, valueFilter: node.filter, subAttribute: undefined });
    case 'not':
      return `not (${formatFilter(node.filter)})`;
    case 'and':
      return `${wrapIf(node.left, 'or')} and ${wrapIf(node.right, 'or', 'and')}`;
    case 'or':
      return `${formatFilter(node.left)} or ${wrapIf(node.right, 'or')}`;
  }
}

/** Parenthesises a child whose kind binds looser than its parent (or breaks left associativity). */
function wrapIf(node: FilterNode, ...kinds: FilterNode['kind'][]): string {
  const text = formatFilter(node);
  return kinds.includes(node.kind) ? `(${text})` : text;
}

function formatValue(value: FilterValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
