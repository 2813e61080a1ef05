import type { AuditCompletion, AuditRecord, AuditResourceType } from './audit-record';
import { decodeAuditCursor, encodeAuditCursor, isAbout, matchesQuery, pageSize } from './audit-query';
import type { AuditPage, AuditQuery, AuditStore } from './audit-store';

interface Row {
  seq: number;
  record: AuditRecord;
}

/** The in-memory AuditStore: the same contract as the SQLite one, for tests and benchmarks. */
export class MemoryAuditStore implements AuditStore {
  private rows: Row[] = [];
  private nextSeq = 1;

  async append(records: readonly AuditRecord[]): Promise<void> {
    for (const record of records) {
      if (this.rows.some((row) => row.record.id === record.id)) throw new Error(`audit record ${record.id} already exists`);
    }
    for (const record of records) this.rows.push({ seq: this.nextSeq++, record: structuredClone(record) });
  }

  async complete(id: string, completion: AuditCompletion): Promise<boolean> {
    const row = this.rows.find((candidate) => candidate.record.id === id);
    if (!row) return false;
    row.record = mergeCompletion(row.record, completion);
    return true;
  }

  async settle(intentId: string, records: readonly AuditRecord[]): Promise<void> {
    this.rows = this.rows.filter((row) => row.record.id !== intentId);
    await this.append(records);
  }

  async query(query: AuditQuery = {}): Promise<AuditPage> {
    const before = query.cursor === undefined ? Infinity : decodeAuditCursor(query.cursor);
    const limit = pageSize(query.limit);
    const matching = this.rows.filter((row) => row.seq < before && matchesQuery(row.record, query)).reverse();
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    return {
      records: page.map((row) => structuredClone(row.record)),
      ...(matching.length > limit && last ? { nextCursor: encodeAuditCursor(last.seq) } : {}),
    };
  }

  async history(resourceType: AuditResourceType, id: string, limit?: number): Promise<AuditRecord[]> {
    return this.rows
      .filter((row) => isAbout(row.record, resourceType, id))
      .reverse()
      .slice(0, pageSize(limit))
      .map((row) => structuredClone(row.record));
  }

  async count(query: Omit<AuditQuery, 'limit' | 'cursor'> = {}): Promise<number> {
    return this.rows.filter((row) => matchesQuery(row.record, query)).length;
  }

  async markInterrupted(): Promise<AuditRecord[]> {
    const marked: AuditRecord[] = [];
    for (const row of this.rows) {
      if (row.record.outcome !== 'pending') continue;
      row.record = { ...row.record, outcome: 'interrupted' };
      marked.push(structuredClone(row.record));
    }
    return marked;
  }

  async takeInterrupted(resourceType: AuditResourceType, id: string, requestId: string): Promise<AuditRecord[]> {
    const taken: AuditRecord[] = [];
    for (const row of this.rows) {
      if (row.record.outcome !== 'interrupted' || row.record.flaggedBy !== undefined || !isAbout(row.record, resourceType, id)) continue;
      row.record = { ...row.record, flaggedBy: requestId };
      taken.push(structuredClone(row.record));
    }
    return taken;
  }

  async prune(before: Date): Promise<number> {
    const cut = before.toISOString();
    const kept = this.rows.filter((row) => row.record.time >= cut);
    const pruned = this.rows.length - kept.length;
    this.rows = kept;
    return pruned;
  }
}

/** A record with a completion applied (fields the completion leaves out are kept). */
export function mergeCompletion(record: AuditRecord, completion: AuditCompletion): AuditRecord {
  const merged: AuditRecord = { ...record, outcome: completion.outcome };
  if (completion.error) merged.error = completion.error;
  if (completion.jumpcloudCalls) merged.jumpcloudCalls = completion.jumpcloudCalls;
  if (completion.scimId) merged.scimId = completion.scimId;
  if (completion.jumpcloudId) merged.jumpcloudId = completion.jumpcloudId;
  return merged;
}
