import type { AuditEventType, AuditRecord } from '../../src/lifecycle/audit-record';
import type { Finding, SoakLedger, WriteKind, WriteOp } from './soak-ledger';

/** The record types a write of each kind may produce. */
const TYPES: Record<WriteKind, readonly AuditEventType[]> = {
  create: ['joiner'],
  // An attribute change; `active` turned false or true again is a suspend or a rehire.
  patch: ['mover', 'suspend', 'rehire'],
  'group-add': ['entitlement_add'],
  'group-remove': ['entitlement_remove'],
  delete: ['delete'],
};

/**
 * The journal's side: no write left without an outcome (`pending`, `interrupted`), a `succeeded`
 * record of the right type and resource for every acknowledged write (the request id the client
 * sent), an outcome for the attempts of every write acknowledged by inference, and no `succeeded`
 * record for a request the client was told had failed; and no change of a soak user put down to
 * someone else (`drift`, `external_delete`): every change to them was the bridge's.
 */
export function verifyJournal(ledger: SoakLedger, records: readonly AuditRecord[]): Finding[] {
  const findings: Finding[] = [];
  const byRequest = new Map<string, AuditRecord[]>();
  for (const record of records) {
    if (record.outcome === 'pending' || record.outcome === 'interrupted') {
      findings.push({ check: 'journal-unsettled', detail: `record ${record.id} (${record.type}) is ${record.outcome}`, userName: record.userName, userId: record.jumpcloudId, requestIds: record.requestId ? [record.requestId] : [] });
    }
    if (record.requestId) byRequest.set(record.requestId, [...(byRequest.get(record.requestId) ?? []), record]);
  }
  for (const op of ledger.writes) findings.push(...verifyWrite(op, byRequest));
  const soakUserIds = new Set([...ledger.users.values()].flatMap((user) => (user.id ? [user.id] : [])));
  for (const record of records) {
    if ((record.type === 'drift' || record.type === 'external_delete') && record.jumpcloudId && soakUserIds.has(record.jumpcloudId)) {
      findings.push({ check: 'journal-false-drift', detail: `record ${record.id}: ${record.type} ${JSON.stringify(record.changes ?? [])} seen ${JSON.stringify(record.observed)}`, userName: record.userName, userId: record.jumpcloudId });
    }
  }
  for (const [requestId, status] of ledger.writeAttempts) {
    const succeeded = (byRequest.get(requestId) ?? []).filter((record) => record.outcome === 'succeeded');
    if (succeeded.length > 0 && !ledger.answered2xx.has(requestId)) {
      findings.push({ check: 'journal-succeeded-answer-failed', detail: `journal says succeeded (${succeeded.map((r) => r.type).join(', ')}), the client got ${status ?? 'no answer'}`, requestIds: [requestId], userName: succeeded[0]?.userName });
    }
  }
  return findings;
}

function verifyWrite(op: WriteOp, byRequest: Map<string, AuditRecord[]>): Finding[] {
  const about = { userName: op.userName, userId: op.userId, requestIds: op.attempts.map((a) => `${a.requestId}=${a.status ?? 'no answer'}`) };
  const recordsOf = (requestId: string) => byRequest.get(requestId) ?? [];
  const earlierRecorded = op.attempts.slice(0, -1).some((attempt) => recordsOf(attempt.requestId).length > 0);
  if (op.outcome === 'inferred') {
    if (!op.attempts.some((attempt) => recordsOf(attempt.requestId).length > 0)) return [{ ...about, check: 'journal-missing', detail: `${op.kind} acknowledged by inference: no attempt has a journal record` }];
    return [];
  }
  if (op.outcome !== 'acked') return [];
  const last = op.attempts[op.attempts.length - 1];
  const records = last ? recordsOf(last.requestId) : [];
  if (records.length === 0) {
    // A PATCH finds nothing to write when an earlier attempt (or an earlier write of unknown
    // outcome) already set the value: then the bridge rightly writes, and journals, nothing.
    const noOp = op.kind === 'patch' && (op.afterUnknown || earlierRecorded);
    return noOp ? [] : [{ ...about, check: 'journal-missing', detail: `acknowledged ${op.kind}${op.attributes ? ` of ${op.attributes.join(', ')}` : ''}${op.groupId ? ` of group ${op.groupId}` : ''} has no journal record` }];
  }
  const findings: Finding[] = [];
  for (const record of records) {
    const wrong = describeMismatch(op, record);
    if (wrong) findings.push({ ...about, check: 'journal-record', detail: `acknowledged ${op.kind}, record ${record.id}: ${wrong}` });
  }
  return findings;
}

function describeMismatch(op: WriteOp, record: AuditRecord): string | undefined {
  if (record.outcome !== 'succeeded') return `outcome ${record.outcome}`;
  if (!TYPES[op.kind].includes(record.type)) return `type ${record.type}`;
  if (op.kind === 'group-add' || op.kind === 'group-remove') {
    if (record.group?.id !== op.groupId || record.member?.id !== op.userId) return `about group ${record.group?.id} member ${record.member?.id}`;
    return undefined;
  }
  const id = record.jumpcloudId ?? record.scimId;
  if (id !== op.userId) return `about user ${id}`;
  return undefined;
}
