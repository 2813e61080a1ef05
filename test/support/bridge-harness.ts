import request from 'supertest';
import type { Express, RequestHandler } from 'express';
import type { EmulatorOptions, SeedDocument } from '../../emulator/context';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { loadConfig, type BridgeConfig } from '../../src/config/load-config';
import { buildScimRouter } from '../../src/composition/scim-service';
import { buildAdminRoutes } from '../../src/composition/admin-service';
import type { AuditStore } from '../../src/lifecycle/audit-store';
import { MemoryAuditStore } from '../../src/lifecycle/memory-audit-store';
import { AuditJournal } from '../../src/lifecycle/audit-journal';
import type { StateStore } from '../../src/state/state-store';
import { createApp } from '../../src/http/app';
import { JumpCloudClient } from '../../src/jumpcloud';
import { MemoryStateStore } from '../../src/state/memory-state-store';
import type { MembershipWriteReport } from '../../src/provider/membership-writer';
import { captureBridgeLog } from './log-scan/bridge-log';

export const SCIM_TOKEN = 'test-scim-token-0123456789';
/** Pass as `env: { ADMIN_TOKEN }` to turn the admin endpoints on. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
const EMULATOR_KEY = 'test-emulator-key-0123';

/** A bridge app wired to a live emulator on 127.0.0.1, as `npm start` wires it. */
export interface BridgeHarness {
  app: Express;
  emulator: RunningEmulator;
  config: BridgeConfig;
  /** Base path of the SCIM endpoints, e.g. `/scim/v2`. */
  base: string;
  /** An authenticated supertest call. */
  scim(method: 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete', path: string): request.Test;
  /** A call to the admin endpoints with ADMIN_TOKEN (`path` from the origin, e.g. `/admin/events`). */
  admin(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): request.Test;
  /** The audit journal the bridge writes (in memory). */
  audit: AuditStore;
  /** JumpCloud requests the emulator received since the last `resetRequests()`. */
  jumpcloudRequests(): { method: string; path: string; query: Record<string, unknown>; body: unknown }[];
  resetRequests(): void;
  close(): Promise<void>;
}

/** What a harness is started with. */
export interface BridgeHarnessOptions {
  seed?: SeedDocument;
  /** Bridge settings (environment variables). */
  env?: NodeJS.ProcessEnv;
  /** Emulator switches for unconfirmed JumpCloud behaviour (e.g. `duplicateMemberAdd`). */
  emulatorOptions?: Partial<Omit<EmulatorOptions, 'apiKey'>>;
  /** Receives every Group membership write report (operations, concurrency used). */
  onMembershipWrite?: (report: MembershipWriteReport) => void;
  /** The journal's store (default: in memory) and the state store (default: in memory). */
  audit?: AuditStore;
  state?: StateStore;
  /** Handlers run right after SCIM auth, as the operations side mounts them (e.g. the request deadline). */
  afterAuth?: RequestHandler[];
}

/** Starts an emulator (seeded) and a bridge app in front of it; `env` adds bridge settings. */
export async function startBridgeHarness(options: BridgeHarnessOptions = {}): Promise<BridgeHarness> {
  const emulator = await startEmulator({ port: 0, options: { ...options.emulatorOptions, apiKey: EMULATOR_KEY }, seed: options.seed });
  const config = loadConfig({ SCIM_BEARER_TOKEN: SCIM_TOKEN, ...options.env });
  const logger = captureBridgeLog(config, EMULATOR_KEY);
  // Tiny backoffs keep fault tests fast; the policy itself is tested in test/jumpcloud.
  const audit = options.audit ?? new MemoryAuditStore();
  const journal = new AuditJournal({ store: audit, secrets: [SCIM_TOKEN, EMULATOR_KEY] });
  const jumpcloud = new JumpCloudClient({
    baseUrl: emulator.url,
    apiKey: EMULATOR_KEY,
    retry: { baseDelayMs: 2, maxDelayMs: 10, totalBudgetMs: 3000 },
    logger,
    // The calls of each request land in the audit records of its writes.
    onCall: journal.calls.record,
  });
  const router = buildScimRouter(config, {
    jumpcloud,
    state: options.state ?? new MemoryStateStore(),
    scimTokens: config.scimBearerTokens,
    logger,
    onMembershipWrite: options.onMembershipWrite,
    journal,
    afterAuth: options.afterAuth,
  });
  const app = createApp({
    logger,
    health: { jumpcloud: 'emulator', version: 'test' },
    readiness: async () => ({ ready: true, checks: {} }),
    scim: { basePath: config.scimBasePath, router },
    admin: buildAdminRoutes(config, { audit, jumpcloud }),
  });
  const base = config.scimBasePath;
  return {
    app,
    emulator,
    config,
    base,
    scim: (method, path) => request(app)[method](`${base}${path}`).set('Authorization', `Bearer ${SCIM_TOKEN}`),
    admin: (method, path) => request(app)[method](path).set('Authorization', `Bearer ${config.adminToken ?? ''}`),
    audit,
    jumpcloudRequests: () => emulator.ctx.requests.list().map(({ method, path, query, body }) => ({ method, path, query, body })),
    resetRequests: () => emulator.ctx.requests.clear(),
    close: () => emulator.close(),
  };
}
