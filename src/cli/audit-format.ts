import type { AuditRecord } from '../lifecycle/audit-record';

/** The output formats of the `audit` subcommands. */
export const AUDIT_FORMATS = ['table', 'csv', 'json'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The resource a record is about: its type and id (a create that failed has no id). */
function resource(record: AuditRecord): string {
  const id = record.scimId ?? record.jumpcloudId;
  return id === undefined ? record.resourceType : `${record.resourceType} ${id}`;
}

/** The resource's name as a person reads it: the userName, or the group's displayName. */
function name(record: AuditRecord): string {
  return record.userName ?? record.displayName ?? '';
}

/** The one-line gist of what changed: attribute names, the group of an entitlement, the error. */
function gist(record: AuditRecord): string {
  const parts: string[] = [];
  if (record.changes && record.changes.length > 0) parts.push(record.changes.map((change) => change.attribute).join(', '));
  if (record.group) parts.push(`group ${record.group.name ?? record.group.id}`);
  if (record.member && record.resourceType === 'Group') parts.push(`member ${record.member.userName ?? record.member.id}`);
  if (record.error) parts.push(`error ${record.error.status}: ${record.error.detail}`);
  if (record.flaggedBy) parts.push(`flagged by ${record.flaggedBy}`);
  return parts.join('; ');
}

const TABLE_COLUMNS: { header: string; value: (record: AuditRecord) => string }[] = [
  { header: 'TIME', value: (r) => r.time },
  { header: 'TYPE', value: (r) => r.type },
  { header: 'OUTCOME', value: (r) => r.outcome },
  { header: 'RESOURCE', value: resource },
  { header: 'NAME', value: name },
  { header: 'DETAIL', value: gist },
  { header: 'REQUEST', value: (r) => r.requestId ?? '' },
  { header: 'CLIENT', value: (r) => r.client ?? '' },
];

/** Control characters would break the table's alignment (a userName may hold anything). */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * Records as an aligned text table: a header row, then one row per record, columns padded to
 * their widest cell and separated by two spaces (no trailing spaces). Ends with a newline.
 */
export function renderTable(records: readonly AuditRecord[]): string {
  const rows = [TABLE_COLUMNS.map((c) => c.header), ...records.map((record) => TABLE_COLUMNS.map((c) => printable(c.value(record))))];
  const widths = TABLE_COLUMNS.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

// CSV lives with the journal: the CLI and the console's export write the same columns.
export { csvField, renderCsv } from '../lifecycle/audit-csv';
