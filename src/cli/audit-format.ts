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

const CSV_COLUMNS: { header: string; value: (record: AuditRecord) => string }[] = [
  { header: 'time', value: (r) => r.time },
  { header: 'record_id', value: (r) => r.id },
  { header: 'type', value: (r) => r.type },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'resource_type', value: (r) => r.resourceType },
  { header: 'scim_id', value: (r) => r.scimId ?? '' },
  { header: 'jumpcloud_id', value: (r) => r.jumpcloudId ?? '' },
  { header: 'user_name', value: (r) => r.userName ?? '' },
  { header: 'display_name', value: (r) => r.displayName ?? '' },
  { header: 'group_id', value: (r) => r.group?.id ?? '' },
  { header: 'group_name', value: (r) => r.group?.name ?? '' },
  { header: 'member_id', value: (r) => r.member?.id ?? '' },
  { header: 'member_user_name', value: (r) => r.member?.userName ?? '' },
  // Lossless (before/after may be objects or lists): JSON inside the cell.
  { header: 'changes', value: (r) => (r.changes && r.changes.length > 0 ? JSON.stringify(r.changes) : '') },
  { header: 'jumpcloud_calls', value: (r) => r.jumpcloudCalls.map((c) => `${c.method} ${c.route} ${c.status ?? 'no answer'}${c.attempt > 1 ? ` (attempt ${c.attempt})` : ''}`).join('; ') },
  { header: 'error_status', value: (r) => (r.error ? String(r.error.status) : '') },
  { header: 'error_scim_type', value: (r) => r.error?.scimType ?? '' },
  { header: 'error_detail', value: (r) => r.error?.detail ?? '' },
  { header: 'request_id', value: (r) => r.requestId ?? '' },
  { header: 'client', value: (r) => r.client ?? '' },
  { header: 'interrupted_before', value: (r) => (r.interruptedBefore ?? []).join(' ') },
  { header: 'flagged_by', value: (r) => r.flaggedBy ?? '' },
];

/**
 * One CSV field (RFC 4180 §2): quoted when it holds a comma, a double quote, CR or LF, with
 * inner quotes doubled. A cell that a spreadsheet would run as a formula (=, +, -, @ first:
 * a userName is chosen by whoever feeds the SCIM client) is prefixed with `'` so that opening
 * the export cannot execute anything (OWASP "CSV injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Records as RFC 4180 CSV: a header row, CRLF line breaks (the last line too). */
export function renderCsv(records: readonly AuditRecord[]): string {
  const lines = [CSV_COLUMNS.map((c) => c.header), ...records.map((record) => CSV_COLUMNS.map((c) => csvField(c.value(record))))];
  return lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}
