import { createHash } from 'node:crypto';
import type { DirectoryEvent } from '../jumpcloud';
import type { Logger } from '../logging/logger';
import type { FeedCursorStore } from '../state/feed-cursor-store';
import { authorAdminId } from './event-author';

/** The name the learned administrator is kept under, beside the feed's cursor. */
export const KEY_ADMIN = 'key_admin';

/** What is kept: the admin, and which API key it was learned for (a new key may belong to another admin). */
interface LearnedKeyAdmin {
  adminId: string;
  key: string;
}

/**
 * A stable, non-reversible name for an API key (16 hex digits of its SHA-256): enough to notice
 * that the key changed, useless to anyone who reads the database.
 */
export function keyIdentityOf(apiKey: string | undefined): string {
  return apiKey ? createHash('sha256').update(apiKey).digest('hex').slice(0, 16) : 'unknown';
}

/**
 * The administrator who owns the bridge's API key, learned from Directory Insights: Directory
 * Insights names that admin as the author of every write the bridge makes with the key (NOTES.md
 * "Observed in real events"). The events the journal matches to bridge writes teach it (the admin
 * behind most of a page's matches, so one coincidence cannot outvote the bridge's own writes);
 * from then on an event by ANOTHER admin is someone else's (a second integration, another admin's
 * script) even when its time matches a journaled write. Kept beside the feed cursor so a restart
 * keeps it, and forgotten when the API key changes (the new key may be another admin's).
 */
export class KeyAdministrator {
  private loaded: Promise<string | undefined> | undefined;

  constructor(
    private readonly deps: {
      cursors: Pick<FeedCursorStore, 'learned' | 'learn'>;
      /** The feed the value belongs to. */
      feed: string;
      /** `keyIdentityOf` the API key the bridge writes with. */
      keyIdentity: string;
      logger?: Logger;
      now?: () => Date;
    },
  ) {}

  /** The admin learned so far, if any (read from the store once). */
  known(): Promise<string | undefined> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /**
   * Whether an event the journal matched to a bridge write can be the bridge's: yes when it names
   * no admin, or names the learned one, or when none is learned yet (it is then learned from this
   * event); no when it names a different admin.
   */
  async accepts(event: DirectoryEvent): Promise<boolean> {
    const author = authorAdminId(event);
    if (author === undefined) return true;
    const known = await this.known();
    if (known !== undefined) return known === author;
    await this.learn(author, event);
    return true;
  }

  /**
   * Learns the admin from a page's events that the journal matched to bridge writes, when none is
   * known yet: the admin who authored most of them (the earliest on a tie).
   */
  async learnFrom(matched: readonly DirectoryEvent[]): Promise<void> {
    if ((await this.known()) !== undefined) return;
    const tally = new Map<string, { count: number; event: DirectoryEvent }>();
    for (const event of matched) {
      const author = authorAdminId(event);
      if (author === undefined) continue;
      const entry = tally.get(author) ?? { count: 0, event };
      entry.count += 1;
      tally.set(author, entry);
    }
    let best: [string, { count: number; event: DirectoryEvent }] | undefined;
    for (const candidate of tally) if (!best || candidate[1].count > best[1].count) best = candidate;
    if (best) await this.learn(best[0], best[1].event, { matchedEvents: best[1].count, otherAdmins: tally.size - 1 });
  }

  private async learn(adminId: string, event: DirectoryEvent, evidence: { matchedEvents: number; otherAdmins: number } = { matchedEvents: 1, otherAdmins: 0 }): Promise<void> {
    const now = this.deps.now?.() ?? new Date();
    const value: LearnedKeyAdmin = { adminId, key: this.deps.keyIdentity };
    await this.deps.cursors.learn(this.deps.feed, KEY_ADMIN, JSON.stringify(value), now);
    this.loaded = Promise.resolve(adminId);
    this.deps.logger?.debug('change feed: learned the administrator behind the API key from a write the journal matched', {
      adminId,
      eventId: event.id,
      eventType: event.event_type,
      authMethod: event.auth_method,
      ...evidence,
    });
  }

  private async load(): Promise<string | undefined> {
    const raw = await this.deps.cursors.learned(this.deps.feed, KEY_ADMIN);
    if (raw === undefined) return undefined;
    const stored = parseLearned(raw);
    if (!stored) {
      this.deps.logger?.warn('change feed: the stored administrator of the API key is unreadable; learning it again');
      return undefined;
    }
    if (stored.key !== this.deps.keyIdentity) {
      this.deps.logger?.debug('change feed: the API key changed since its administrator was learned; learning it again', { previousAdminId: stored.adminId });
      return undefined;
    }
    return stored.adminId;
  }
}

function parseLearned(raw: string): LearnedKeyAdmin | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const value = parsed as Partial<LearnedKeyAdmin> | null;
  return value && typeof value.adminId === 'string' && typeof value.key === 'string' ? { adminId: value.adminId, key: value.key } : undefined;
}
