import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler, Router } from 'express';
import type { BridgeConfig } from '../config/load-config';
import { scimRouter } from '../http/scim/scim.router';
import type { JumpCloudClient } from '../jumpcloud';
import type { Logger } from '../logging/logger';
import { loadGroupMapping, loadUserMapping, type UserMapping } from '../mapping';
import { UsersProvider } from '../provider/users.provider';
import { userStateSettings } from './user-state-settings';
import { dryRunDependencies } from './dry-run';
import { GroupsProvider } from '../provider/groups.provider';
import type { MembershipWriteReport } from '../provider/membership-writer';
import { createDiscovery } from '../scim/discovery';
import { CursorCodec, CursorPager } from '../scim/cursor';
import { BulkProvider } from '../provider/bulk.provider';
import type { StateStore } from '../state/state-store';
import type { AuditJournal } from '../lifecycle/audit-journal';
import type { AccessTokenVerifier } from '../http/oauth-access-tokens';
import { currentRequestDeadline } from '../http/limits-deadline';
import { InProcessResourceLocks, SharedResourceLocks, type SharedLockPort } from '../provider/resource-locks';

/** Reads the mapping document named by MAPPING_FILE, or the built-in default. */
export function loadMapping(config: Pick<BridgeConfig, 'mappingFile'>): UserMapping {
  if (!config.mappingFile) return loadUserMapping();
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(config.mappingFile, 'utf8'));
  } catch (err) {
    throw new Error(`MAPPING_FILE: cannot read "${config.mappingFile}" as JSON (${(err as Error).message})`);
  }
  return loadUserMapping(document);
}

/** What the SCIM endpoints are built from, besides the configuration. */
export interface ScimServiceDependencies {
  jumpcloud: JumpCloudClient;
  state: StateStore;
  scimTokens: string[];
  /** Where failures that are bugs (not client or JumpCloud errors) are reported. */
  logger?: Logger;
  onMembershipWrite?: (report: MembershipWriteReport) => void;
  /** The audit journal of every write (its call log must be the JumpCloud client's `onCall`). */
  journal?: AuditJournal;
  /** Guards run right after SCIM auth (per-client concurrency, upstream throttle, request deadline). */
  afterAuth?: RequestHandler[];
  /** Verifies access tokens from POST /oauth/token (when OAuth clients are configured); also announces oauth2 in /ServiceProviderConfig. */
  accessTokens?: AccessTokenVerifier;
  /** Serialises writes to one resource across replicas (DATABASE_URL); absent: one process, in-process locks. */
  sharedLocks?: SharedLockPort;
  /** The user mapping, when the caller loaded it already (else read from MAPPING_FILE here). */
  mapping?: UserMapping;
  /** Challenge with Basic in every 401, configured or not (tenants: see ScimCredentials.challengeBasic). */
  challengeBasic?: boolean;
}

/** Builds the SCIM endpoints: mappings -> discovery documents and providers -> router. */
export function buildScimRouter(config: BridgeConfig, deps: ScimServiceDependencies): Router {
  const mapping = deps.mapping ?? loadMapping(config);
  const groupMapping = loadGroupMapping();
  const discovery = createDiscovery({
    resourceTypes: [mapping.resourceType, groupMapping.resourceType],
    serviceProvider: {
      patch: true,
      bulk: { supported: true, maxOperations: config.bulk.maxOperations, maxPayloadSize: config.bulk.maxPayloadBytes },
      filter: { supported: true, maxResults: config.paging.maxCount },
      changePassword: true,
      sort: true,
      etag: true,
      authenticationSchemes: ['oauthbearertoken', ...(deps.accessTokens ? (['oauth2'] as const) : []), ...(config.scimBasic ? (['httpbasic'] as const) : [])],
      // SCIM_ADVERTISE_PAGINATION=false leaves RFC 9865 §4 out for strict pre-9865 clients; the
      // cursor pager below serves cursors either way.
      ...(config.discovery.advertisePagination
        ? {
            pagination: {
              cursor: true,
              index: true,
              defaultPaginationMethod: 'index' as const,
              defaultPageSize: config.paging.defaultCount,
              maxPageSize: config.paging.maxCount,
              cursorTimeout: config.cursor.ttlSeconds,
            },
          }
        : {}),
    },
  });
  // Unset secret: a random key per process (cursors then end with the process, see SCIM_CURSOR_SECRET).
  const cursors = new CursorPager({ codec: new CursorCodec(config.cursor.secret ?? randomBytes(32)), ttlSeconds: config.cursor.ttlSeconds });
  const filterLimits = { maxLength: config.limits.filterMaxLength, maxDepth: config.limits.filterMaxDepth };
  // DRY_RUN: the same providers over a client, state and journal that write nothing (dry-run.ts).
  const { jumpcloud, state, journal } = config.dryRun ? dryRunDependencies(deps, deps.logger) : deps;
  // One set of locks for both providers (keys carry the resource type); a write waits for the
  // one before it no longer than its request's deadline (SCIM_REQUEST_DEADLINE_MS).
  // With replicas the in-process lock is taken first, then the database's (resource-locks.ts).
  const locks = deps.sharedLocks ? new SharedResourceLocks(deps.sharedLocks, { deadline: currentRequestDeadline }) : new InProcessResourceLocks({ deadline: currentRequestDeadline });
  const users = new UsersProvider({
    jumpcloud,
    mapping,
    state,
    paging: config.paging,
    cursors,
    journal,
    states: userStateSettings(config, mapping),
    leaverPolicy: config.lifecycle.leaverPolicy,
    filterLimits,
    locks,
    // Off while recording (each call belongs to its request) and with replicas: a write through
    // another replica could not invalidate this one's read-ahead pages (page-read-ahead.ts).
    readAhead: !config.recordFixturesDir && !deps.sharedLocks,
  });
  const groups = new GroupsProvider({ jumpcloud, mapping: groupMapping, state, paging: config.paging, onMembershipWrite: deps.onMembershipWrite, cursors, journal, filterLimits, locks });
  const bulk = new BulkProvider({
    targets: { Users: users, Groups: groups },
    limits: { maxOperations: config.bulk.maxOperations },
    // One operation's bug becomes that operation's 500; the operator still needs to see it.
    onUnexpectedError: (err) => deps.logger?.error('bulk operation failed unexpectedly', { err }),
  });
  return scimRouter({
    credentials: { bearerTokens: deps.scimTokens, basic: config.scimBasic, accessTokens: deps.accessTokens, challengeBasic: deps.challengeBasic },
    discovery,
    users,
    groups,
    scimBasePath: config.scimBasePath,
    publicBaseUrl: config.publicBaseUrl,
    publicHosts: config.publicHosts,
    bodyLimit: `${config.limits.maxBodyBytes}b`,
    bulk,
    bulkMaxPayloadBytes: config.bulk.maxPayloadBytes,
    paging: config.paging,
    afterAuth: deps.afterAuth,
  });
}
