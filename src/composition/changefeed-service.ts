import type { BridgeConfig } from '../config/load-config';
import { buildChangeFeed, keyIdentityOf, openDriftGauge, type BuiltChangeFeed, type TrackedAttribute, type TrackedResources } from '../changefeed';
import type { JumpCloudClient } from '../jumpcloud';
import type { AuditStore } from '../lifecycle/audit-store';
import type { Logger } from '../logging/logger';
import { ALL_USERS_GROUP_NAME, JUMPCLOUD_USER_EXTENSION_URN, type UserMapping } from '../mapping';
import { URN } from '../scim/scim-urns';
import type { DriftStore } from '../state/drift-store';
import type { FeedCursorStore } from '../state/feed-cursor-store';
import type { ResourceObservationStore } from '../state/resource-observation-store';
import type { BridgeDatabase } from '../state/sqlite-database';
import { SqliteDriftStore } from '../state/sqlite-drift-store';
import { SqliteFeedCursorStore } from '../state/sqlite-feed-cursor-store';
import { SqliteResourceObservationStore } from '../state/sqlite-resource-observation-store';
import type { StateStore } from '../state/state-store';

/** The change feed's durable stores, on whichever engine holds the bridge's state. */
export interface FeedStores {
  cursors: FeedCursorStore;
  observations: ResourceObservationStore;
  drift: DriftStore;
}

/** The feed's stores on the embedded SQLite database. */
export function sqliteFeedStores(db: BridgeDatabase): FeedStores {
  return { cursors: new SqliteFeedCursorStore(db), observations: new SqliteResourceObservationStore(db), drift: new SqliteDriftStore(db) };
}

/**
 * The attributes the change feed watches for drift, read off the user mapping (every JumpCloud
 * field a mapped SCIM attribute writes, custom attributes included) and the fixed group mapping.
 */
export function trackedResources(mapping: UserMapping): TrackedResources {
  const resolved = mapping.resolved;
  const user: TrackedAttribute[] = [];
  const add = (field: string, attribute: string) => user.push({ key: field, field, attribute });
  if (resolved.special.has('userName')) add('username', 'userName');
  add('email', 'emails[type eq "work"].value');
  if (resolved.otherEmail) add(resolved.otherEmail, 'emails[type eq "other"].value');
  if (resolved.special.has('active')) add('state', 'active');
  for (const scalar of resolved.scalars) {
    const path = scalar.subAttribute ? `${scalar.attribute}.${scalar.subAttribute}` : scalar.attribute;
    add(scalar.field, scalar.schema === URN.enterpriseUser ? `${URN.enterpriseUser}:${path}` : path);
  }
  if (resolved.special.has('phoneNumbers')) add('phoneNumbers', 'phoneNumbers');
  if (resolved.special.has('addresses')) add('addresses', 'addresses');
  if (resolved.special.has('manager')) add('manager', `${URN.enterpriseUser}:manager.value`);
  // The exact SCIM userName lives in a custom attribute when the username rule changed it.
  user.push({ key: `attributes.${resolved.scimUserNameAttribute}`, field: 'attributes', customName: resolved.scimUserNameAttribute, attribute: 'userName' });
  for (const custom of resolved.custom) {
    user.push({ key: `attributes.${custom.jumpcloud}`, field: 'attributes', customName: custom.jumpcloud, attribute: `${JUMPCLOUD_USER_EXTENSION_URN}:${custom.name}` });
  }
  const group: TrackedAttribute[] = [
    { key: 'name', field: 'name', attribute: 'displayName' },
    // The group's externalId is kept in its description (src/mapping/group-external-id.ts).
    { key: 'description', field: 'description', attribute: 'externalId' },
  ];
  return { user, group, implicitMembership: (g) => g.name === ALL_USERS_GROUP_NAME };
}

/** The running change feed and what the rest of the bridge reads from it. */
export interface ChangeFeedService {
  built: BuiltChangeFeed;
  drift: DriftStore;
  /** The open-drift gauge for /metrics. */
  openDrift: () => Promise<number>;
  /** Starts the timer (no-op when CHANGEFEED_MODE=off). */
  start(): void;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/** Builds the change feed over the bridge's stores (not started). */
export function buildChangeFeedService(
  config: Pick<BridgeConfig, 'changefeed'> & { jumpcloud?: Pick<BridgeConfig['jumpcloud'], 'apiKey'> },
  deps: { stores: FeedStores; jumpcloud: JumpCloudClient; audit: AuditStore; state: StateStore; mapping: UserMapping; logger?: Logger; now?: () => Date },
): ChangeFeedService {
  const { drift } = deps.stores;
  const settings = config.changefeed;
  const built = buildChangeFeed(
    {
      jumpcloud: deps.jumpcloud,
      audit: deps.audit,
      state: deps.state,
      cursors: deps.stores.cursors,
      observations: deps.stores.observations,
      drift,
      tracked: trackedResources(deps.mapping),
      logger: deps.logger,
      now: deps.now,
    },
    {
      mode: settings.mode,
      pollIntervalMs: settings.intervalSeconds * 1000,
      lookbackMs: settings.lookbackSeconds * 1000,
      scanIntervalMs: settings.reconcileIntervalSeconds * 1000,
      matchWindowMs: settings.matchWindowSeconds * 1000,
      keyIdentity: keyIdentityOf(config.jumpcloud?.apiKey),
    },
  );
  return { built, drift, openDrift: openDriftGauge(drift), start: () => built.feed.start(), stop: () => built.feed.stop() };
}
