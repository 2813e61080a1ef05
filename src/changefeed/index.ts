// The change feed's public surface: JumpCloud's changes read back (lastModified, drift, outside deletes).
export { buildChangeFeed, type BuiltChangeFeed, type ChangeFeedDependencies, type ChangeFeedSettings } from './build-change-feed';
export { ChangeFeed, type ActiveFeed, type ChangeFeedMode, type ChangeFeedStatus, type RunResult } from './change-feed';
export { InsightsPoller, INSIGHTS_FEED, type PollResult } from './insights-poller';
export { ReconciliationScan, type ScanResult } from './reconciliation-scan';
export { openDriftGauge } from './drift-metrics';
export { keyIdentityOf } from './key-administrator';
export { MEMBERS_ATTRIBUTE, membershipKey } from './directory-event-handler';
export type { TrackedAttribute, TrackedResources, OwnedChange } from './tracked-attributes';
export { ITEMS_PER_TURN } from './yield-to-event-loop';
