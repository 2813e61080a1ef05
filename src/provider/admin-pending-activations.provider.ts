import { MAX_PAGE_SIZE, v1Filter, type JumpCloudClient, type SystemUser } from '../jumpcloud';
import type { AuditStore } from '../lifecycle/audit-store';
import { toScimError, type UserMapping } from '../mapping';

/** One user who has not yet set a password in JumpCloud (`activated: false`). */
export interface PendingActivation {
  /** SCIM id (= JumpCloud id). */
  id: string;
  userName: string;
  email: string;
  /**
   * Since when the activation is pending: JumpCloud's `created` time of the user (a user is
   * pending from creation until the first portal login), else the time of the journal's joiner
   * record; absent when neither is known.
   */
  since?: string;
  /**
   * Whether JumpCloud mailed the activation link: `sent` / `not_sent` as the bridge's journal
   * recorded it for the write that created or activated the user (JumpCloud's documented rules,
   * user-states.ts), `not_sent` for a user still STAGED (JumpCloud mails at activation), and
   * `unknown` for a user created elsewhere (the JumpCloud console may have been told not to mail).
   */
  activationEmail: 'sent' | 'not_sent' | 'unknown';
}

export interface PendingActivationsAnswer {
  pendingActivations: PendingActivation[];
  totalResults: number;
}

/** The JumpCloud fields the answer needs (userName may live in a custom attribute). */
const FIELDS = ['_id', 'username', 'email', 'attributes', 'created', 'activated', 'state'];

/** How many of a user's newest joiner and rehire records are read (a user is rehired a handful of times at most). */
const JOURNAL_LOOKBACK = 20;

/**
 * Who is "password pending" in JumpCloud: created without a password, so `activated: false`
 * until their first portal login sets one. Read from JumpCloud itself (it is the truth, and it
 * covers users the bridge did not create), longest waiting first.
 */
export class PendingActivationsProvider {
  constructor(private readonly deps: { jumpcloud: JumpCloudClient; mapping: UserMapping; audit: AuditStore }) {}

  /** Every pending user, longest waiting first. JumpCloud failures become the bridge's own 503/500 (never JumpCloud's text). */
  async list(): Promise<PendingActivationsAnswer> {
    const users = await this.pendingUsers();
    const pending = await Promise.all(users.map((user) => this.describe(user)));
    // Undated ones last: "since when" unknown should not hide the known long waiters.
    pending.sort((a, b) => (a.since ?? '\uffff').localeCompare(b.since ?? '\uffff') || a.id.localeCompare(b.id));
    return { pendingActivations: pending, totalResults: pending.length };
  }

  /** How many users are pending (the overview's figure): JumpCloud's list alone, without the journal reads that `list` makes per user. */
  async count(): Promise<number> {
    return (await this.pendingUsers()).length;
  }

  private async pendingUsers(): Promise<SystemUser[]> {
    const filter = [v1Filter('activated', '$eq', 'false')];
    const users: SystemUser[] = [];
    try {
      // Sorted by _id so that pages do not shift under concurrent creates (JumpCloud's advice).
      for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
        const page = await this.deps.jumpcloud.users.listPage({ filter, fields: FIELDS, sort: ['_id'], limit: MAX_PAGE_SIZE, skip });
        // Re-checked: a JumpCloud that ignored the filter must not list active users as pending.
        users.push(...page.results.filter((user) => user.activated === false));
        if (page.results.length < MAX_PAGE_SIZE || skip + MAX_PAGE_SIZE >= page.totalCount) return users;
      }
    } catch (err) {
      throw toScimError(err, { operation: 'list', resourceType: 'User' });
    }
  }

  private async describe(user: SystemUser): Promise<PendingActivation> {
    const resource = this.deps.mapping.toScim(user);
    const created = user.created ? Date.parse(user.created) : NaN;
    const journaled = await this.journaled(user._id);
    const since = Number.isNaN(created) ? journaled.joinedAt : new Date(created).toISOString();
    return {
      id: user._id,
      userName: typeof resource.userName === 'string' ? resource.userName : (user.username ?? ''),
      email: user.email ?? '',
      ...(since !== undefined ? { since } : {}),
      activationEmail: user.state === 'STAGED' ? 'not_sent' : journaled.activationEmailSent === undefined ? 'unknown' : journaled.activationEmailSent ? 'sent' : 'not_sent',
    };
  }

  /**
   * From the journal's joiner and rehire records about the user (newest first): when the newest
   * joiner happened, and the newest record that says whether the activation link was mailed.
   */
  private async journaled(id: string): Promise<{ joinedAt?: string; activationEmailSent?: boolean }> {
    const page = await this.deps.audit.query({ user: id, type: ['joiner', 'rehire'], outcome: ['succeeded', 'interrupted'], limit: JOURNAL_LOOKBACK });
    const joiner = page.records.find((record) => record.type === 'joiner');
    const mail = page.records.find((record) => record.outcome === 'succeeded' && record.activationEmailSent !== undefined);
    return { ...(joiner ? { joinedAt: joiner.time } : {}), ...(mail ? { activationEmailSent: mail.activationEmailSent } : {}) };
  }
}
