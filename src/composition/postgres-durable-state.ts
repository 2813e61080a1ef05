import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { BridgeConfig } from '../config/load-config';
import { PostgresAuditStore } from '../lifecycle/postgres-audit-store';
import type { Logger } from '../logging/logger';
import { postgresStoreCheck } from '../provider/readiness.provider';
import { withAdvisoryLock } from '../state/postgres-advisory-lock';
import { openPool, openPostgresDatabase } from '../state/postgres-database';
import { schemaLockName } from '../state/postgres-schema';
import { PostgresDriftStore } from '../state/postgres-drift-store';
import { PostgresFeedCursorStore } from '../state/postgres-feed-cursor-store';
import { registerInstance, settingFingerprint } from '../state/postgres-instance-registry';
import { LeaderElection } from '../state/leader-election';
import { PostgresResourceObservationStore } from '../state/postgres-resource-observation-store';
import { PostgresStateStore } from '../state/postgres-state-store';
import { BRIDGE_VERSION } from '../version';
import { openAuditJournal } from './audit-journal-service';
import type { DurableState, DurableStateOptions, LedRunner, SharedSettings } from './durable-state';

/** The lease the change feed's leader holds (one feed per bridge, whatever its mode). */
export const CHANGE_FEED_LEASE = 'changefeed';

/** How often a replica says it is alive, and after how long without that its pending intents count as interrupted. */
const HEARTBEAT_MS = 5_000;
const STALE_AFTER_SECONDS = 30;
/** How often each replica looks for intents of replicas that stopped (marking is idempotent across replicas). */
const INTERRUPTED_SWEEP_MS = 30_000;

/**
 * The durable state of one replica among several on a shared PostgreSQL (DATABASE_URL): every
 * store there; this replica registered (refused when its shared settings differ from the live
 * replicas'); the change feed run by whichever replica holds its lease; writes to one resource
 * serialised across replicas by a transaction-scoped advisory lock.
 */
export async function openPostgresDurableState(
  config: Pick<BridgeConfig, 'audit' | 'changefeed' | 'cursor' | 'oauth' | 'jumpcloud'> & { database: NonNullable<BridgeConfig['database']> },
  logger: Logger,
  secrets: readonly string[],
  shared: SharedSettings,
  options: DurableStateOptions = {},
): Promise<DurableState> {
  // With tenants: everything of this tenant (tables, lease, replica registry) in its own schema.
  const schema = options.schema;
  const database = await openPostgresDatabase(config.database, undefined, schema === undefined ? undefined : { schema });
  const pool = database.pool;
  // Three pools, so that one kind of wait never starves another: the stores' (journal, state,
  // feed), the write locks' (each write holds one connection while JumpCloud answers), and
  // coordination's (heartbeat, lease renewals: a leader whose renewal queued behind busy writes
  // would step down).
  const lockPool = openPool(config.database, config.database.poolSize, 'jumpcloud-scim-bridge locks', schema);
  const coordinationPool = openPool(config.database, 2, 'jumpcloud-scim-bridge coordination', schema);
  // host-pid-random: readable in the journal and in /readyz, unique even across container restarts with pid 1.
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const timers: NodeJS.Timeout[] = [];
  let instance: Awaited<ReturnType<typeof registerInstance>> | undefined;
  let election: LeaderElection | undefined;
  let leads = false;
  try {
    instance = await registerInstance({
      pool: coordinationPool,
      ...(schema === undefined ? {} : { schema }),
      id,
      host: hostname(),
      pid: process.pid,
      version: BRIDGE_VERSION,
      // What replicas must share; only fingerprints are stored. The API key may differ (rotation), the organisation may not.
      settings: {
        SCIM_CURSOR_SECRET: settingFingerprint('SCIM_CURSOR_SECRET', config.cursor.secret ?? ''),
        OAUTH_SIGNING_SECRET: settingFingerprint('OAUTH_SIGNING_SECRET', config.oauth.signingSecret ?? ''),
        MAPPING_FILE: settingFingerprint('MAPPING_FILE', shared.mapping),
        JUMPCLOUD_ORG_ID: settingFingerprint('JUMPCLOUD_ORG_ID', `${config.jumpcloud.baseUrl ?? config.jumpcloud.region}|${config.jumpcloud.orgId ?? ''}`),
      },
      heartbeatMs: HEARTBEAT_MS,
      staleAfterMs: STALE_AFTER_SECONDS * 1000,
    });
    const audit = new PostgresAuditStore(pool, { owner: id, ownerStaleAfterSeconds: STALE_AFTER_SECONDS });
    const { journal, interrupted, retention, close: closeJournal } = await openAuditJournal(audit, config, logger, secrets, { database: 'postgres', replica: id });
    // A replica that died leaves its intents pending; the others mark them once it stops heart-beating.
    const sweep = setInterval(() => {
      journal.recoverInterrupted().catch((err: unknown) => logger.warn('looking for writes interrupted by a stopped replica failed; retried later', { err }));
    }, INTERRUPTED_SWEEP_MS);
    sweep.unref();
    timers.push(sweep);
    const pollMs = config.changefeed.intervalSeconds * 1000;
    return {
      engine: 'postgres',
      state: new PostgresStateStore(pool),
      audit,
      journal,
      feedStores: {
        // Fenced: a replica that lost the lease (paused, cut off) cannot move the shared cursor.
        cursors: new PostgresFeedCursorStore(pool, { lease: { name: CHANGE_FEED_LEASE, holder: id } }),
        observations: new PostgresResourceObservationStore(pool),
        drift: new PostgresDriftStore(pool),
      },
      interrupted: interrupted.length,
      retention,
      readiness: postgresStoreCheck(pool),
      // Advisory locks are database-wide: a tenant's lock names carry its schema.
      sharedLocks: { withLock: (name, timeoutMs, work) => withAdvisoryLock(lockPool, schemaLockName(schema, name), timeoutMs, work) },
      lead: (runner: LedRunner) => {
        // ttl = one poll interval, retried every third of it: a dead leader is replaced within two intervals.
        election = new LeaderElection({
          pool: coordinationPool,
          name: CHANGE_FEED_LEASE,
          holder: id,
          ttlMs: pollMs,
          retryMs: Math.max(200, Math.floor(pollMs / 3)),
          onElected: () => {
            leads = true;
            logger.info('this replica leads the change feed now', { replica: id });
            runner.start();
          },
          onDeposed: () => {
            leads = false;
            logger.warn('this replica no longer leads the change feed; another replica takes over', { replica: id });
            // Waited for before the lease is handed over at a stop(): the run in progress ends first.
            return runner.stop();
          },
          onError: (err: unknown) => logger.warn('change feed lease: the database did not answer; retried', { err }),
        });
        election.start();
      },
      replica: () => ({ id, leadsChangeFeed: leads }),
      close: async () => {
        for (const timer of timers) clearInterval(timer);
        await election?.stop();
        await closeJournal();
        await instance?.close();
        await Promise.all([database.close(), lockPool.end(), coordinationPool.end()]);
      },
    };
  } catch (err) {
    for (const timer of timers) clearInterval(timer);
    await election?.stop();
    await instance?.close().catch(() => undefined);
    await Promise.all([database.close(), lockPool.end(), coordinationPool.end()]);
    throw err;
  }
}
