import type { AuditEventType, AuditQuery, AuditStore } from '../lifecycle/audit-store';

/** The overview's categories, each a set of journal event types (`failed` is an outcome instead). */
export const OVERVIEW_CATEGORIES = {
  joiner: ['joiner'],
  mover: ['mover'],
  leaver: ['delete', 'suspend'],
  rehire: ['rehire'],
  entitlement: ['entitlement_add', 'entitlement_remove'],
} as const satisfies Record<string, readonly AuditEventType[]>;

/** How many days the overview chart covers (today included). */
export const OVERVIEW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One UTC day of activity. */
export interface DayCounts {
  date: string;
  joiner: number;
  mover: number;
  leaver: number;
  rehire: number;
  entitlement: number;
  failed: number;
}

export interface OverviewAnswer {
  version: string;
  uptimeSeconds: number;
  days: DayCounts[];
  today: Omit<DayCounts, 'date'>;
  pendingActivations: number | null;
  openDrift: number;
  changefeed: { mode: string; lagSeconds: number | null };
  throttling: { rateLimitedLastHour: number };
}

export interface ConsoleOverviewDependencies {
  audit: AuditStore;
  version: string;
  /** Epoch ms the bridge started at (uptime). */
  startedAtMs: number;
  now: () => number;
  /** How many users wait to activate (a JumpCloud read); null when it cannot be read now. */
  pendingActivations: () => Promise<number>;
  /** How many attributes are open drift (0 when the change feed does not run). */
  openDrift: () => Promise<number>;
  /** The change feed's running mode (`insights`, `scan`, `off`) and lag in seconds (null when off). */
  changefeed: () => { mode: string; lagSeconds: number | null };
  /** JumpCloud 429 answers seen in the last hour. */
  rateLimitedLastHour: () => number;
}

/**
 * The console's first page: activity per UTC day for the last 30 days (counted by the journal
 * store, so no record is loaded), today's counts, and the bridge's health at a glance.
 * A category counts records that succeeded or were interrupted (JumpCloud may hold the change);
 * failures are counted apart, dry runs (nothing written) and pending intents not at all.
 */
export class ConsoleOverviewProvider {
  constructor(private readonly deps: ConsoleOverviewDependencies) {}

  /** `GET /console/api/overview`. */
  async overview(): Promise<OverviewAnswer> {
    const now = this.deps.now();
    const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
    const days: DayCounts[] = [];
    for (let i = OVERVIEW_DAYS - 1; i >= 0; i--) {
      const start = todayStart - i * DAY_MS;
      days.push(await this.day(new Date(start).toISOString(), new Date(start + DAY_MS).toISOString()));
    }
    const { date: _date, ...today } = days[days.length - 1] as DayCounts;
    return {
      version: this.deps.version,
      uptimeSeconds: Math.max(0, Math.floor((now - this.deps.startedAtMs) / 1000)),
      days,
      today,
      pendingActivations: await this.deps.pendingActivations().catch(() => null),
      openDrift: await this.deps.openDrift(),
      changefeed: this.deps.changefeed(),
      throttling: { rateLimitedLastHour: this.deps.rateLimitedLastHour() },
    };
  }

  private async day(since: string, until: string): Promise<DayCounts> {
    const window: AuditQuery = { since, until };
    const count = (type: readonly AuditEventType[]) => this.deps.audit.count({ ...window, type, outcome: ['succeeded', 'interrupted'] });
    return {
      date: since.slice(0, 10),
      joiner: await count(OVERVIEW_CATEGORIES.joiner),
      mover: await count(OVERVIEW_CATEGORIES.mover),
      leaver: await count(OVERVIEW_CATEGORIES.leaver),
      rehire: await count(OVERVIEW_CATEGORIES.rehire),
      entitlement: await count(OVERVIEW_CATEGORIES.entitlement),
      failed: await this.deps.audit.count({ ...window, outcome: 'failed' }),
    };
  }
}
