import { createBody, PATCH_OP, SOAK_ATTRIBUTES, type AttributeValue } from './soak-attributes';
import type { Answer, ClientRetryRules } from './soak-http';
import { SoakHttp } from './soak-http';
import { Possible, type Attempt, type SoakLedger, type SoakUser, type WriteKind, type WriteOp, type WriteOutcome } from './soak-ledger';

/** Relative weights of what a client does next (SailPoint: provisioning plus the odd read). */
export interface TrafficMix {
  create: number;
  patch: number;
  groupAdd: number;
  groupRemove: number;
  delete: number;
  get: number;
}

export const SAILPOINT_MIX: TrafficMix = { create: 18, patch: 38, groupAdd: 16, groupRemove: 10, delete: 10, get: 8 };

export interface ClientOptions {
  index: number;
  scimBaseUrl: string;
  token: string;
  ledger: SoakLedger;
  random: () => number;
  rules: ClientRetryRules;
  /** Short and unique to the run (user names and request ids carry it). */
  runTag: string;
  /** Below this many live users a client creates; at `maxUsers` it deletes instead of creating. */
  minUsers: number;
  maxUsers: number;
  mix: TrafficMix;
}

type Action = keyof TrafficMix;

/**
 * One SailPoint-like client: picks a provisioning action, sends it, retries as SailPoint does,
 * and records in the ledger what it believes JumpCloud now holds. Writes to one attribute or one
 * membership never overlap (any client), so "what JumpCloud must hold" stays well defined; writes
 * to DIFFERENT attributes of one user do overlap, across clients.
 */
export class SailPointLikeClient {
  private readonly http: SoakHttp;
  private operations = 0;
  private creates = 0;

  constructor(private readonly options: ClientOptions) {
    this.http = new SoakHttp({
      baseUrl: options.scimBaseUrl,
      token: options.token,
      ledger: options.ledger,
      random: options.random,
      rules: options.rules,
      requestIdPrefix: `soak-${options.runTag}-c${options.index}`,
    });
  }

  /** Runs actions until `stop()` says so; the action in progress always finishes (with its retries). */
  async run(stop: () => boolean): Promise<void> {
    while (!stop()) await this.step();
  }

  private async step(): Promise<void> {
    const live = this.options.ledger.live();
    const action = live.length < this.options.minUsers ? 'create' : this.choose();
    if (action === 'create') return live.length >= this.options.maxUsers ? this.deleteSome(live) : this.create();
    if (action === 'delete') return this.deleteSome(live);
    if (action === 'groupRemove' && (await this.removeSomeMembership(live))) return;
    if (action === 'groupAdd' || action === 'groupRemove') return this.addSomeMembership(live);
    if (action === 'patch') return this.patchSome(live);
    return this.read(this.pick(live.filter((user) => !user.deleting)));
  }

  private choose(): Action {
    const entries = Object.entries(this.options.mix) as [Action, number][];
    let roll = this.options.random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [action, weight] of entries) {
      roll -= weight;
      if (roll < 0) return action;
    }
    return 'patch';
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.options.random() * items.length)];
  }

  private tag(): string {
    return `${this.options.runTag}c${this.options.index}o${++this.operations}`;
  }

  /** POST /Users; a retried create that answers 409 looks the account up, as SailPoint must. */
  private async create(): Promise<void> {
    const { ledger, runTag, index } = this.options;
    const local = `${runTag}c${index}u${++this.creates}`;
    const userName = `${local}@soak.example.com`;
    const { body, values } = createBody(userName, userName, this.tag());
    const user: SoakUser = {
      userName,
      email: userName,
      owner: index,
      created: 'pending',
      attributes: new Map([...values].map(([key, value]) => [key, new Possible<AttributeValue>(value)])),
      memberships: new Map(),
      busy: new Set(),
      inFlight: 1,
      deleting: false,
    };
    ledger.users.set(userName, user);
    const answer = await this.http.call('create', 'POST', '/Users', body);
    let outcome: WriteOutcome = 'unknown';
    const created = answer.body as { id?: unknown; userName?: unknown } | undefined;
    if (isSuccess(answer) && typeof created?.id === 'string') {
      outcome = 'acked';
      user.id = created.id;
      if (created.userName !== userName) this.finding('create-answer', `the 201 names userName ${String(created.userName)}`, user, answer.attempts);
    } else if (answer.status === 409 && answer.attempts.length > 1) {
      // "Maybe my first attempt landed": the account with my userName is the create's result.
      const found = await this.lookup(user);
      if (found.length === 1) {
        outcome = 'inferred';
        user.id = found[0];
      } else if (found.length === 0) {
        this.finding('create-409', 'a retried create answered 409 uniqueness, but no account has the userName', user, answer.attempts);
      }
    } else {
      this.unexpected(answer, user);
    }
    if (outcome === 'unknown') {
      // SailPoint's next aggregation would find it: adopt the account if the create landed after all.
      const found = await this.lookup(user);
      if (found.length === 1) user.id = found[0];
    }
    user.created = outcome === 'unknown' ? (user.id ? 'adopted' : 'unknown') : outcome;
    user.inFlight -= 1;
    this.settle({ kind: 'create', userName, userId: user.id, attempts: answer.attempts, outcome, afterUnknown: false });
  }

  /** GET /Users?filter=userName eq "…": the ids of the accounts holding the user's userName. */
  private async lookup(user: SoakUser): Promise<string[]> {
    const filter = encodeURIComponent(`userName eq "${user.userName}"`);
    const answer = await this.http.call('lookup', 'GET', `/Users?filter=${filter}`);
    if (answer.status !== 200) return [];
    const resources = (answer.body as { Resources?: { id?: unknown; userName?: unknown }[] }).Resources ?? [];
    const ids = resources.filter((resource) => resource.userName === user.userName).map((resource) => String(resource.id));
    if (ids.length > 1) this.finding('lookup-duplicates', `${ids.length} accounts hold the userName: ${ids.join(', ')}`, user, answer.attempts);
    return ids;
  }

  /** PATCH /Users/{id}: one to three attributes no other write is changing right now. */
  private async patchSome(live: SoakUser[]): Promise<void> {
    const user = this.pick(live);
    if (!user?.id) return;
    const free = SOAK_ATTRIBUTES.filter((attribute) => !user.busy.has(attribute.key));
    const chosen: typeof free = [];
    const wanted = 1 + Math.floor(this.options.random() * 3);
    while (chosen.length < wanted && free.length > 0) chosen.push(...free.splice(Math.floor(this.options.random() * free.length), 1));
    if (chosen.length === 0) return;
    const tag = this.tag();
    const writes = chosen.map((attribute) => {
      const possible = user.attributes.get(attribute.key) as Possible<AttributeValue>;
      return { attribute, possible, value: attribute.next(tag, this.options.random, possible.intended) };
    });
    const afterUnknown = writes.some((write) => write.possible.doubtful) || user.created === 'adopted';
    await this.holding(user, chosen.map((attribute) => attribute.key), async () => {
      const answer = await this.http.call('patch', 'PATCH', `/Users/${user.id}`, { schemas: [PATCH_OP], Operations: writes.map((write) => write.attribute.operation(write.value)) });
      const outcome = this.outcomeOf(answer, user);
      for (const write of writes) write.possible.record(write.value, outcome);
      this.settle({ kind: 'patch', userName: user.userName, userId: user.id, attributes: chosen.map((a) => a.key), attempts: answer.attempts, outcome, afterUnknown });
    });
  }

  /** PATCH /Groups/{id} adding a user who (as far as the clients know) is not a member. */
  private async addSomeMembership(live: SoakUser[]): Promise<void> {
    const user = this.pick(live);
    const groups = this.options.ledger.groupIds.filter((id) => user && !user.busy.has(`group:${id}`) && user.memberships.get(id)?.intended !== true);
    const groupId = this.pick(groups);
    if (!user || groupId === undefined) return;
    await this.membership(user, groupId, true);
  }

  /** PATCH /Groups/{id} removing a member; false when no membership is free to remove. */
  private async removeSomeMembership(live: SoakUser[]): Promise<boolean> {
    const candidates = live.flatMap((user) => [...user.memberships].filter(([id, member]) => member.intended && !user.busy.has(`group:${id}`)).map(([id]) => ({ user, id })));
    const chosen = this.pick(candidates);
    if (!chosen) return false;
    await this.membership(chosen.user, chosen.id, false);
    return true;
  }

  private async membership(user: SoakUser, groupId: string, add: boolean): Promise<void> {
    const id = user.id as string;
    const possible = user.memberships.get(groupId) ?? new Possible<boolean>(false);
    user.memberships.set(groupId, possible);
    const afterUnknown = possible.doubtful;
    const operation = add ? { op: 'add', path: 'members', value: [{ value: id }] } : { op: 'remove', path: `members[value eq "${id}"]` };
    const kind: WriteKind = add ? 'group-add' : 'group-remove';
    await this.holding(user, [`group:${groupId}`], async () => {
      const answer = await this.http.call(kind, 'PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [operation] });
      const outcome = this.outcomeOf(answer, user);
      possible.record(add, outcome);
      this.settle({ kind, userName: user.userName, userId: id, groupId, attempts: answer.attempts, outcome, afterUnknown });
    });
  }

  /** DELETE /Users/{id} of a user no request is using; a retry's 404 after a lost answer means it is gone. */
  private async deleteSome(live: SoakUser[]): Promise<void> {
    const user = this.pick(live.filter((candidate) => candidate.inFlight === 0 && candidate.busy.size === 0));
    if (!user?.id) return;
    user.deleting = true;
    const answer = await this.http.call('delete', 'DELETE', `/Users/${user.id}`);
    let outcome: WriteOutcome = 'unknown';
    if (isSuccess(answer)) outcome = 'acked';
    else if (answer.status === 404 && answer.attempts.slice(0, -1).some((attempt) => attempt.status === undefined || attempt.status >= 500)) outcome = 'inferred';
    else this.unexpected(answer, user);
    user.deleted = outcome;
    user.deleting = false;
    this.settle({ kind: 'delete', userName: user.userName, userId: user.id, attempts: answer.attempts, outcome, afterUnknown: false });
  }

  /** GET /Users/{id} of a live user: 200 with that user. */
  private async read(user: SoakUser | undefined): Promise<void> {
    if (!user?.id) return;
    await this.holding(user, [], async () => {
      const answer = await this.http.call('get', 'GET', `/Users/${user.id}`);
      const body = answer.body as { id?: unknown; userName?: unknown } | undefined;
      if (answer.status === 200 && (body?.id !== user.id || body?.userName !== user.userName)) {
        this.finding('read-answer', `GET answered ${JSON.stringify(body).slice(0, 300)}`, user, answer.attempts);
      } else if (answer.status !== 200) {
        this.unexpected(answer, user);
      }
    });
  }

  /** Runs `write` with the user's keys marked busy and the user in use (a delete waits). */
  private async holding(user: SoakUser, keys: string[], write: () => Promise<void>): Promise<void> {
    for (const key of keys) user.busy.add(key);
    user.inFlight += 1;
    try {
      await write();
    } finally {
      for (const key of keys) user.busy.delete(key);
      user.inFlight -= 1;
    }
  }

  private outcomeOf(answer: Answer, user: SoakUser): WriteOutcome {
    if (isSuccess(answer)) return 'acked';
    this.unexpected(answer, user);
    return 'unknown';
  }

  /** A final 4xx (or other non-retryable answer) to a request that was valid: a finding. Giving up after retries is not. */
  private unexpected(answer: Answer, user: SoakUser): void {
    if (answer.status === undefined || answer.status === 429 || answer.status >= 500) return;
    this.finding('unexpected-answer', `answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`, user, answer.attempts);
  }

  private finding(check: string, detail: string, user: SoakUser, attempts: Attempt[]): void {
    this.options.ledger.findings.push({ check, detail, userName: user.userName, userId: user.id, requestIds: attempts.map((a) => `${a.requestId}=${a.status ?? 'no answer'}`) });
  }

  private settle(op: Omit<WriteOp, 'client'>): void {
    this.options.ledger.settle({ ...op, client: this.options.index });
  }
}

function isSuccess(answer: Answer): boolean {
  return answer.status !== undefined && answer.status >= 200 && answer.status < 300;
}
