import type { Logger } from '../logging/logger';
import type { AuditStore } from './audit-store';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  store: AuditStore;
  days: number;
  log?: Logger;
  now?: () => Date;
  /** Between prunes; a day by default. */
  intervalMs?: number;
}

/** A running retention policy. */
export interface Retention {
  /** Prunes now; answers how many records went. */
  pruneNow(): Promise<number>;
  stop(): void;
}

/**
 * Keeps the journal within AUDIT_RETENTION_DAYS: prunes at start, then every `intervalMs`
 * (an unref'd timer: it never keeps the process alive), and logs each prune with its count, so
 * the journal never grows, or shrinks, silently.
 */
export function startRetention(options: RetentionOptions): Retention {
  const now = options.now ?? (() => new Date());
  const pruneNow = async (): Promise<number> => {
    const before = new Date(now().getTime() - options.days * DAY_MS);
    const pruned = await options.store.prune(before);
    options.log?.info('audit journal pruned', { pruned, olderThan: before.toISOString(), retentionDays: options.days });
    return pruned;
  };
  const timer = setInterval(() => {
    pruneNow().catch((err: unknown) => options.log?.error('audit journal prune failed', { err }));
  }, options.intervalMs ?? DAY_MS);
  timer.unref();
  return { pruneNow, stop: () => clearInterval(timer) };
}
