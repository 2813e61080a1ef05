import type { EventPage, EventQuery, JumpCloudClient } from '../jumpcloud';
import type { AuditStore } from '../lifecycle/audit-store';
import type { Logger } from '../logging/logger';
import type { DriftStore } from '../state/drift-store';
import type { FeedCursorStore } from '../state/feed-cursor-store';
import type { ResourceObservationStore } from '../state/resource-observation-store';
import type { StateStore } from '../state/state-store';
import { BridgeWriteMatcher } from './bridge-write-matcher';
import { ChangeFeed, type ChangeFeedMode } from './change-feed';
import { ChangeRecorder } from './change-recorder';
import { DirectoryEventHandler } from './directory-event-handler';
import { INSIGHTS_FEED, InsightsPoller } from './insights-poller';
import { KeyAdministrator } from './key-administrator';
import { ObservedRecords } from './observed-records';
import { ReconciliationScan } from './reconciliation-scan';
import type { TrackedResources } from './tracked-attributes';

/** Everything the change feed reads and writes. */
export interface ChangeFeedDependencies {
  jumpcloud: Pick<JumpCloudClient, 'users' | 'groups' | 'members'> & { events: { query(body: EventQuery): Promise<EventPage> } };
  audit: AuditStore;
  state: StateStore;
  cursors: FeedCursorStore;
  observations: ResourceObservationStore;
  drift: DriftStore;
  tracked: TrackedResources;
  logger?: Logger;
  now?: () => Date;
}

/** The change feed's settings (CHANGEFEED_* and RECONCILE_INTERVAL_SECONDS). */
export interface ChangeFeedSettings {
  mode: ChangeFeedMode;
  pollIntervalMs: number;
  lookbackMs: number;
  scanIntervalMs: number;
  /** How far apart a journal record and a DI event may be and still be the same write. */
  matchWindowMs: number;
  /** Directory Insights page size (default 1000). */
  eventPageSize?: number;
  /**
   * `keyIdentityOf` the API key the bridge writes with: the administrator learned as its owner is
   * forgotten when the key changes. Default: one key for the database's life.
   */
  keyIdentity?: string;
}

/** The assembled feed, with its parts exposed for tests, the bench and one-off runs. */
export interface BuiltChangeFeed {
  feed: ChangeFeed;
  poller: InsightsPoller;
  scan: ReconciliationScan;
  recorder: ChangeRecorder;
}

/** Assembles poller, scan and runner over the given stores. Starts nothing. */
export function buildChangeFeed(deps: ChangeFeedDependencies, settings: ChangeFeedSettings): BuiltChangeFeed {
  const matcher = new BridgeWriteMatcher(deps.audit, settings.matchWindowMs);
  const recorder = new ChangeRecorder({ state: deps.state, observations: deps.observations, drift: deps.drift, records: new ObservedRecords(deps.audit) });
  const keyAdmin = new KeyAdministrator({ cursors: deps.cursors, feed: INSIGHTS_FEED, keyIdentity: settings.keyIdentity ?? 'unknown', logger: deps.logger, now: deps.now });
  const handler = new DirectoryEventHandler({ recorder, matcher, tracked: deps.tracked, keyAdmin });
  const poller = new InsightsPoller({ events: deps.jumpcloud.events, cursors: deps.cursors, handler, lookbackMs: settings.lookbackMs, pageSize: settings.eventPageSize, now: deps.now });
  const scan = new ReconciliationScan({ jumpcloud: deps.jumpcloud, observations: deps.observations, recorder, matcher, tracked: deps.tracked, now: deps.now });
  const feed = new ChangeFeed({ mode: settings.mode, poller, scan, pollIntervalMs: settings.pollIntervalMs, scanIntervalMs: settings.scanIntervalMs, logger: deps.logger, now: deps.now });
  return { feed, poller, scan, recorder };
}
