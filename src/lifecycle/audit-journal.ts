import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { redact } from '../logging/redact';
import { currentRequestContext } from '../logging/request-context';
import { ScimError } from '../scim/scim-error';
import type { AuditError, AuditEventType, AuditRecord, AuditResourceType } from './audit-record';
import type { AuditStore } from './audit-store';
import type { ClassifiedEvent } from './classify';
import { JumpCloudCallLog } from './jumpcloud-call-log';

/** What a write is about. */
export interface AuditSubject {
  resourceType: AuditResourceType;
  /** The SCIM id (= JumpCloud id); absent before a create has one. */
  id?: string;
  userName?: string;
  displayName?: string;
}

export interface AuditJournalOptions {
  store: AuditStore;
  /** The audit JSON-lines logger (its own file); every settled record is written to it too. */
  auditLog?: Logger;
  /** The operational logger: interrupted writes seen by a request are reported there. */
  log?: Logger;
  /** Where the JumpCloud calls of each request are collected (the client's `onCall` feeds it). */
  calls?: JumpCloudCallLog;
  /** Secret values (tokens, keys, passwords known to the process) scrubbed from every record. */
  secrets?: readonly string[];
  now?: () => Date;
  newId?: () => string;
}

/**
 * The audit journal: every write of the bridge becomes records in the store (and lines in the
 * audit log) BEFORE the client gets its answer.
 *
 * Crash safety: `begin` writes a `pending` intent before the first JumpCloud write; the write's
 * outcome REPLACES it atomically (`settle`). A process killed in between leaves the intent,
 * which the next start marks `interrupted` (see `recoverInterrupted`), and which the next write of
 * the same resource flags (the old record gets `flaggedBy`, the new one `interruptedBefore`).
 */
export class AuditJournal {
  readonly calls: JumpCloudCallLog;
  private readonly observers: ((records: readonly AuditRecord[]) => void)[] = [];
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: AuditJournalOptions) {
    this.calls = options.calls ?? new JumpCloudCallLog();
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  get store(): AuditStore {
    return this.options.store;
  }

  /** The userName the journal last recorded for a resource (e.g. for a delete, which reads nothing). */
  async knownUserName(resourceType: AuditResourceType, id: string): Promise<string | undefined> {
    const records = await this.options.store.history(resourceType, id, 20);
    return records.find((record) => record.resourceType === resourceType && record.userName !== undefined)?.userName;
  }

  /** Writes the intent of a write about to reach JumpCloud (outcome `pending`). */
  async begin(type: AuditEventType, subject: AuditSubject): Promise<JournalEntry> {
    const context = currentRequestContext();
    const requestId = context?.requestId ?? this.newId();
    const flagged = subject.id ? await this.options.store.takeInterrupted(subject.resourceType, subject.id, requestId) : [];
    if (flagged.length > 0) {
      this.options.log?.warn('write to a resource with an interrupted earlier write: JumpCloud may hold a change the journal could not confirm', {
        resourceType: subject.resourceType,
        id: subject.id,
        interrupted: flagged.map((record) => record.id),
      });
    }
    const intent: AuditRecord = {
      id: this.newId(),
      time: this.now().toISOString(),
      type,
      outcome: 'pending',
      resourceType: subject.resourceType,
      ...subjectFields(subject),
      requestId,
      ...(context?.client ? { client: context.client } : {}),
      jumpcloudCalls: this.calls.peek(),
      ...(flagged.length > 0 ? { interruptedBefore: flagged.map((record) => record.id) } : {}),
    };
    const clean = this.clean(intent);
    await this.options.store.append([clean]);
    return new JournalEntry(this, clean);
  }

  /**
   * Registers `observer` to see every settled record (and every record marked interrupted), after
   * it is stored: how metrics count lifecycle events without the journal knowing about metrics.
   * An observer that throws is ignored: counting must never fail a write. Returns an unsubscribe.
   */
  observe(observer: (records: readonly AuditRecord[]) => void): () => void {
    this.observers.push(observer);
    return () => {
      const index = this.observers.indexOf(observer);
      if (index >= 0) this.observers.splice(index, 1);
    };
  }

  private notify(records: readonly AuditRecord[]): void {
    for (const observer of this.observers) {
      try {
        observer(records);
      } catch {
        // See observe(): the write already happened and is journaled.
      }
    }
  }

  /**
   * Marks the intents a crash left `pending` as `interrupted`; run once at start. Reports them on
   * the operational log (a count and each record) and answers them.
   */
  async recoverInterrupted(): Promise<AuditRecord[]> {
    const interrupted = await this.options.store.markInterrupted();
    if (interrupted.length > 0) {
      this.options.log?.warn('audit journal: writes interrupted by the previous process ending (JumpCloud may or may not hold them)', {
        count: interrupted.length,
        records: interrupted.map((record) => ({ id: record.id, type: record.type, resourceType: record.resourceType, scimId: record.scimId, userName: record.userName, requestId: record.requestId })),
      });
      for (const record of interrupted) this.options.auditLog?.info('audit', { record });
      this.notify(interrupted);
    }
    return interrupted;
  }

  /** @internal Replaces an intent with its outcome records and logs them. */
  async settle(intent: AuditRecord, records: AuditRecord[]): Promise<AuditRecord[]> {
    const clean = records.map((record) => this.clean(record));
    await this.options.store.settle(intent.id, clean);
    for (const record of clean) this.options.auditLog?.info('audit', { record });
    this.notify(clean);
    return clean;
  }

  /** @internal */
  nextId(): string {
    return this.newId();
  }

  /** @internal */
  time(): string {
    return this.now().toISOString();
  }

  /** Secrets never reach the store: the same redaction as every log line, on the record itself. */
  private clean(record: AuditRecord): AuditRecord {
    return redact(record, this.options.secrets ?? []) as AuditRecord;
  }
}

/** One write in progress: settle it exactly once, with `succeed`, `dryRun` or `fail`. */
export class JournalEntry {
  private settled = false;

  /** Whether succeed, dryRun or fail has run. */
  get isSettled(): boolean {
    return this.settled;
  }

  constructor(
    private readonly journal: AuditJournal,
    readonly intent: AuditRecord,
  ) {}

  /** The write succeeded: its classified events replace the intent. */
  succeed(events: readonly ClassifiedEvent[], subject: Partial<AuditSubject> = {}): Promise<AuditRecord[]> {
    return this.finish('succeeded', events, subject);
  }

  /** Nothing was written (dry run): the events, and the calls the write would have made. */
  dryRun(events: readonly ClassifiedEvent[], subject: Partial<AuditSubject> = {}, wouldCall?: AuditRecord['jumpcloudCalls']): Promise<AuditRecord[]> {
    return this.finish('dry_run', events, subject, undefined, wouldCall);
  }

  /**
   * The write failed with `error` (the SCIM error the client gets). `events` are what was
   * attempted; without them the intent's type stands alone.
   */
  fail(error: unknown, events: readonly ClassifiedEvent[] = [], subject: Partial<AuditSubject> = {}): Promise<AuditRecord[]> {
    return this.finish('failed', events, subject, auditErrorOf(error));
  }

  private async finish(
    outcome: 'succeeded' | 'failed' | 'dry_run',
    events: readonly ClassifiedEvent[],
    subject: Partial<AuditSubject>,
    error?: AuditError,
    calls?: AuditRecord['jumpcloudCalls'],
  ): Promise<AuditRecord[]> {
    if (this.settled) throw new Error(`audit entry ${this.intent.id} already settled`);
    this.settled = true;
    const jumpcloudCalls = calls ?? this.journal.calls.take();
    // A write JumpCloud saw but that classifies as nothing visible in SCIM still leaves a trace.
    const happened = events.length > 0 ? events : [{ type: this.intent.type }];
    const { id: _id, time: _time, type: _type, outcome: _outcome, changes: _changes, group: _group, member: _member, ...common } = this.intent;
    const base = { ...common, ...subjectFields({ resourceType: this.intent.resourceType, ...subject }) };
    const time = this.journal.time();
    const records = happened.map(
      (event): AuditRecord => ({
        ...base,
        id: this.journal.nextId(),
        time,
        type: event.type,
        outcome,
        ...(event.changes ? { changes: event.changes } : {}),
        ...(event.group ? { group: event.group } : {}),
        ...(event.member ? { member: event.member } : {}),
        ...(event.activationEmailSent !== undefined ? { activationEmailSent: event.activationEmailSent } : {}),
        jumpcloudCalls,
        ...(error ? { error } : {}),
      }),
    );
    return this.journal.settle(this.intent, records);
  }
}

/**
 * Runs a write under the journal (absent: just runs it): the intent is recorded before `write`
 * reaches JumpCloud, `write` settles its entry (succeed / dryRun) before answering, and a
 * failure is journaled as `failed` with the SCIM error the client gets and what was `attempted`,
 * then rethrown.
 */
export async function auditWrite<T>(
  journal: AuditJournal | undefined,
  type: AuditEventType,
  subject: AuditSubject,
  attempted: () => readonly ClassifiedEvent[],
  write: (entry: JournalEntry | undefined) => Promise<T>,
): Promise<T> {
  const entry = await journal?.begin(type, subject);
  try {
    return await write(entry);
  } catch (err) {
    if (entry && !entry.isSettled) await entry.fail(err, attempted());
    throw err;
  }
}

function subjectFields(subject: Partial<AuditSubject>): Partial<AuditRecord> {
  const fields: Partial<AuditRecord> = {};
  if (subject.id) {
    fields.scimId = subject.id;
    // The bridge serves JumpCloud's object id as the SCIM id.
    fields.jumpcloudId = subject.id;
  }
  if (subject.userName !== undefined) fields.userName = subject.userName;
  if (subject.displayName !== undefined) fields.displayName = subject.displayName;
  return fields;
}

/** The SCIM error a client got, as journaled; anything else is the 500 the error middleware answers. */
export function auditErrorOf(error: unknown): AuditError {
  if (error instanceof ScimError) {
    return { status: error.status, ...(error.scimType ? { scimType: error.scimType } : {}), detail: error.message };
  }
  return { status: 500, detail: 'Internal error (see the bridge log).' };
}
