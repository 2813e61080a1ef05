import type { BridgeConfig } from '../config/load-config';
import type { AuditJournal } from '../lifecycle/audit-journal';
import type { AuditStore } from '../lifecycle/audit-store';
import type { Retention } from '../lifecycle/retention';
import type { Logger } from '../logging/logger';
import type { CheckResult } from '../provider/readiness.provider';
import type { SharedLockPort } from '../provider/resource-locks';
import type { StateStore } from '../state/state-store';
import type { FeedStores } from './changefeed-service';
import { openPostgresDurableState } from './postgres-durable-state';
import { openSqliteDurableState } from './sqlite-durable-state';

/** Something that runs while this replica leads the change feed: the feed itself. */
export interface LedRunner {
  start(): void;
  stop(): Promise<void>;
}

/** Which replica this is and whether it leads the change feed (for /readyz). */
export interface ReplicaStatus {
  id: string;
  leadsChangeFeed: boolean;
}

/**
 * The bridge's durable state, on the embedded SQLite database (one process) or on a shared
 * PostgreSQL (replicas): the stores, the journal over them, and what replicas need to act as one.
 */
export interface DurableState {
  engine: 'sqlite' | 'postgres';
  state: StateStore;
  audit: AuditStore;
  journal: AuditJournal;
  feedStores: FeedStores;
  /** Records a previous process left `pending`, now `interrupted`. */
  interrupted: number;
  retention: Retention;
  /** Whether the store accepts writes, in an operator's words (the readiness probe's auditStore check). */
  readiness(): Promise<CheckResult>;
  /** Serialises writes to one resource across replicas; undefined for one process (the in-process locks suffice). */
  sharedLocks?: SharedLockPort;
  /**
   * Runs `runner` while this replica leads the change feed: at once and for good with one
   * process; with replicas, whenever this one holds the feed's lease, stopped when it loses it.
   */
  lead(runner: LedRunner): void;
  /** This replica and its role; undefined for one process. */
  replica?(): ReplicaStatus;
  close(): Promise<void>;
}

/** How one process holds its durable state. */
export interface DurableStateOptions {
  /** SQLite WAL checkpoints in a worker thread (default true); false: in commits, as SQLite does by itself. */
  backgroundCheckpoints?: boolean;
  /** PostgreSQL: the schema holding this tenant's tables (TENANTS_FILE); default the database's public schema. */
  schema?: string;
}

/** What the shared store checks that every replica agrees on (fingerprints, never the values). */
export interface SharedSettings {
  /** The mapping document this replica serves (its text, or a name for the built-in one). */
  mapping: string;
}

/**
 * Opens the durable state the configuration selects: PostgreSQL with DATABASE_URL, else the
 * SQLite file at AUDIT_DB_PATH. Marks the writes a crash interrupted and starts retention.
 */
export function openDurableState(
  config: Pick<BridgeConfig, 'audit' | 'database' | 'changefeed' | 'cursor' | 'oauth' | 'jumpcloud'>,
  logger: Logger,
  secrets: readonly string[],
  shared: SharedSettings,
  options: DurableStateOptions = {},
): Promise<DurableState> {
  return config.database ? openPostgresDurableState({ ...config, database: config.database }, logger, secrets, shared, options) : openSqliteDurableState(config, logger, secrets, options);
}
