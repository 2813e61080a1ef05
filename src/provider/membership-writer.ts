import { JumpCloudError, type JumpCloudClient } from '../jumpcloud';

/** The member operations one request sends to one group. */
export interface MembershipChange {
  add: readonly string[];
  remove: readonly string[];
}

/** What a membership write did, measured (the bench reports it; logs may carry it). */
export interface MembershipWriteReport {
  groupId: string;
  /** Member operations sent (`POST /v2/usergroups/{id}/members`), one per add or remove. */
  operations: number;
  added: number;
  /** Adds JumpCloud answered "already a member" (409 Already Exists, or 204 for a duplicate). */
  alreadyMember: number;
  removed: number;
  /** Removes JumpCloud answered 404 for: not a member (or the group vanished: see `notFound`). */
  alreadyAbsent: number;
  /** Ids whose operation answered 404: the caller tells "not a member" from "group gone". */
  notFound: { add: string[]; remove: string[] };
  /** The most operations allowed in flight at once (the client's per-org limit). */
  concurrencyLimit: number;
  /** The most operations that really were in flight at once. */
  peakConcurrency: number;
  durationMs: number;
}

/**
 * Sends a membership diff as v2 member operations, each add or remove its own request, at most
 * `jumpcloud.limit.max` in flight (the org's concurrency limit: a bigger pool would only queue in
 * the client). Idempotent by construction: an add of a present member and a remove of an absent
 * one both count as success, whatever JumpCloud answers (409 "Already Exists", 204 or 404).
 * A 404 is only RECORDED (`notFound`): it means "not a member" unless the group itself vanished,
 * which the caller checks once. Any other failure stops new operations and is thrown once the
 * operations in flight have settled.
 */
export async function writeMembership(jumpcloud: JumpCloudClient, groupId: string, change: MembershipChange, now: () => number = Date.now): Promise<MembershipWriteReport> {
  const started = now();
  const report: MembershipWriteReport = {
    groupId,
    operations: 0,
    added: 0,
    alreadyMember: 0,
    removed: 0,
    alreadyAbsent: 0,
    notFound: { add: [], remove: [] },
    concurrencyLimit: jumpcloud.limit.max,
    peakConcurrency: 0,
    durationMs: 0,
  };
  const queue: { op: 'add' | 'remove'; id: string }[] = [...change.add.map((id) => ({ op: 'add' as const, id })), ...change.remove.map((id) => ({ op: 'remove' as const, id }))];
  let next = 0;
  let inFlight = 0;
  let failure: unknown;

  const runOne = async (item: { op: 'add' | 'remove'; id: string }): Promise<void> => {
    report.operations += 1;
    try {
      if (item.op === 'add') {
        const outcome = await jumpcloud.members.add(groupId, item.id);
        if (outcome === 'added') report.added += 1;
        else report.alreadyMember += 1;
      } else {
        await jumpcloud.members.remove(groupId, item.id);
        report.removed += 1;
      }
    } catch (err) {
      if (!(err instanceof JumpCloudError && err.isNotFound())) throw err;
      report.notFound[item.op].push(item.id);
      if (item.op === 'remove') report.alreadyAbsent += 1;
    }
  };

  const worker = async (): Promise<void> => {
    while (failure === undefined && next < queue.length) {
      const item = queue[next] as { op: 'add' | 'remove'; id: string };
      next += 1;
      inFlight += 1;
      report.peakConcurrency = Math.max(report.peakConcurrency, inFlight);
      try {
        await runOne(item);
      } catch (err) {
        failure ??= err;
      } finally {
        inFlight -= 1;
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(report.concurrencyLimit, queue.length) }, worker));
  report.durationMs = now() - started;
  if (failure !== undefined) throw failure;
  return report;
}
