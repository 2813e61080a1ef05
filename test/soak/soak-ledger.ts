import type { AttributeValue } from './soak-attributes';

/** SCIM writes the clients make. */
export type WriteKind = 'create' | 'patch' | 'group-add' | 'group-remove' | 'delete';
/** SCIM reads the clients make (`lookup`: a userName filter after a create's doubtful outcome). */
export type ReadKind = 'get' | 'lookup';
export type RequestKind = WriteKind | ReadKind;

/** How a logical write ended, as its client saw it. */
export type WriteOutcome =
  /** The final answer was 2xx. */
  | 'acked'
  /** Acknowledged by inference: a retried create's 409 and a lookup that found the account, or a retried delete's 404. */
  | 'inferred'
  /** The client gave up, or got an answer it did not expect: JumpCloud may or may not hold it. */
  | 'unknown';

/** One HTTP attempt. */
export interface Attempt {
  requestId: string;
  /** The HTTP status; absent when no answer came. */
  status?: number;
}

/** One logical write (its retries included), kept for the journal check. */
export interface WriteOp {
  kind: WriteKind;
  client: number;
  userName: string;
  userId?: string;
  groupId?: string;
  /** Attributes a PATCH wrote. */
  attributes?: string[];
  attempts: Attempt[];
  outcome: WriteOutcome;
  /** An earlier write of the same attribute, membership or user ended `unknown` (so this one may have found nothing to do). */
  afterUnknown: boolean;
}

/**
 * What JumpCloud may hold for one attribute or membership: the value of the last acknowledged
 * write, plus that of every write after it whose outcome is unknown.
 */
export class Possible<T extends AttributeValue> {
  private values: T[];
  /** The value last written (what the owning client believes). */
  intended: T;
  /** True once a write of this key ended `unknown`. */
  doubtful = false;

  constructor(initial: T) {
    this.values = [initial];
    this.intended = initial;
  }

  record(value: T, outcome: WriteOutcome): void {
    this.intended = value;
    if (outcome === 'unknown') {
      this.doubtful = true;
      if (!this.values.includes(value)) this.values.push(value);
    } else {
      this.values = [value];
    }
  }

  accepts(value: T): boolean {
    return this.values.includes(value);
  }

  acceptable(): readonly T[] {
    return this.values;
  }
}

/** A user a client tried to create, and everything the clients believe about it since. */
export interface SoakUser {
  userName: string;
  email: string;
  /** The client that created it (only it deletes it). */
  owner: number;
  id?: string;
  /** `adopted`: the create's outcome was unknown, and a lookup found the account afterwards. */
  created: WriteOutcome | 'adopted' | 'pending';
  deleted?: WriteOutcome;
  attributes: Map<string, Possible<AttributeValue>>;
  /** Group id -> membership. */
  memberships: Map<string, Possible<boolean>>;
  /** Attribute keys and `group:<id>` keys with a write in flight: never two writes of one key at once. */
  busy: Set<string>;
  /** Requests in flight for the user; a delete waits for none. */
  inFlight: number;
  deleting: boolean;
}

/** A finding: something that must not happen, with what is needed to debug it. */
export interface Finding {
  check: string;
  detail: string;
  userName?: string;
  userId?: string;
  requestIds?: string[];
}

/** The clients' shared memory: users, writes, counters and findings seen during traffic. */
export class SoakLedger {
  readonly users = new Map<string, SoakUser>();
  readonly writes: WriteOp[] = [];
  readonly findings: Finding[] = [];
  readonly requests = new Map<RequestKind, number>();
  readonly acknowledged = new Map<WriteKind, number>();
  readonly unknownWrites = new Map<WriteKind, number>();
  /** Attempts beyond the first, by the status (or `network`) that caused them. */
  readonly retries = new Map<string, number>();
  /** The bridge's non-2xx answers, by request kind, status and SCIM `detail` (ids and numbers masked). */
  readonly errorAnswers = new Map<string, number>();
  readonly groupIds: string[] = [];
  /** Request ids whose answer was 2xx (for the journal check). */
  readonly answered2xx = new Set<string>();
  /** Request ids of writes, with the status answered (absent: no answer). */
  readonly writeAttempts = new Map<string, number | undefined>();

  /** Users created (acknowledged or adopted), not deleted nor being deleted. */
  live(): SoakUser[] {
    return [...this.users.values()].filter((user) => user.id !== undefined && user.deleted === undefined && !user.deleting);
  }

  countRequest(kind: RequestKind): void {
    bump(this.requests, kind);
  }

  countRetry(cause: string): void {
    bump(this.retries, cause);
  }

  countErrorAnswer(kind: RequestKind, status: number | undefined, body: unknown): void {
    const detail = typeof (body as { detail?: unknown } | undefined)?.detail === 'string' ? (body as { detail: string }).detail : '';
    bump(this.errorAnswers, `${kind} ${status ?? 'no answer'}${detail ? `: ${detail.replace(/[0-9a-f]{24}/g, '<id>').replace(/\d+/g, 'N').slice(0, 160)}` : ''}`);
  }

  settle(op: WriteOp): void {
    this.writes.push(op);
    if (op.outcome === 'unknown') bump(this.unknownWrites, op.kind);
    else bump(this.acknowledged, op.kind);
  }
}

function bump<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
