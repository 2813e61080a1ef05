import type { AuditRecord } from './audit-record';

/** The journal as CSV: the columns `audit events --format csv` and the console's export share. */
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

/** The CSV header row, CRLF-terminated. */
export function csvHeader(): string {
  return CSV_COLUMNS.map((c) => c.header).join(',') + '\r\n';
}

/** Records as CSV rows, each CRLF-terminated (no header: a streamed export writes pages one after another). */
export function csvRows(records: readonly AuditRecord[]): string {
  return records.map((record) => CSV_COLUMNS.map((c) => csvField(c.value(record))).join(',') + '\r\n').join('');
}

/** Records as RFC 4180 CSV: a header row, CRLF line breaks (the last line too). */
export function renderCsv(records: readonly AuditRecord[]): string {
  return csvHeader() + csvRows(records);
}
