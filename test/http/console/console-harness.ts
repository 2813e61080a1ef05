import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router, type Express } from 'express';
import request from 'supertest';
import type { SeedDocument } from '../../../emulator/context';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { loadConfig } from '../../../src/config/load-config';
import { CONSOLE_BASE_PATH, consoleRoutes } from '../../../src/composition/console-service';
import { loadMapping } from '../../../src/composition/scim-service';
import { createApp } from '../../../src/http/app';
import { JumpCloudClient } from '../../../src/jumpcloud';
import { MemoryAuditStore } from '../../../src/lifecycle/memory-audit-store';
import { SqliteDriftStore } from '../../../src/state/sqlite-drift-store';
import { IN_MEMORY, openBridgeDatabase } from '../../../src/state/sqlite-database';
import type { DriftStore } from '../../../src/state/drift-store';
import { captureBridgeLog } from '../../support/log-scan/bridge-log';
import { registerSecret } from '../../support/log-scan/scan-state';

export const CONSOLE_ADMIN_TOKEN = 'test-console-admin-token-0123456789';
const SCIM_TOKEN = 'test-console-scim-token-0123456789';
const EMULATOR_KEY = 'test-console-emulator-key-0123';
/** 2025-03-15T12:00:00Z: the harness clock starts here, so the seeded journal's days are fixed. */
export const START_MS = Date.UTC(2025, 2, 15, 12, 0, 0);

/** A signed-in console: its cookie header value and CSRF token. */
export interface ConsoleSignIn {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

export interface ConsoleHarness {
  app: Express;
  emulator: RunningEmulator;
  audit: MemoryAuditStore;
  drift: DriftStore;
  /** Moves the console's clock. */
  advance(ms: number): void;
  signIn(token?: string): Promise<ConsoleSignIn>;
  /** A GET with the session cookie. */
  get(path: string, session: ConsoleSignIn): request.Test;
  /** Stops the emulator: JumpCloud is then unreachable. */
  stopJumpCloud(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The console as the bridge serves it: createApp's stack (security headers, request id, access
 * log, error middleware) with consoleRoutes mounted at /console, a seeded emulator behind the
 * JumpCloud client, an in-memory journal, SQLite drift, a built page in a temp dir, and an
 * injected clock.
 */
export async function startConsoleHarness(options: { seed?: SeedDocument; tls?: boolean } = {}): Promise<ConsoleHarness> {
  const emulator = await startEmulator({ port: 0, options: { apiKey: EMULATOR_KEY }, seed: options.seed ?? { users: [] } });
  const config = loadConfig({ SCIM_BEARER_TOKEN: SCIM_TOKEN, ADMIN_TOKEN: CONSOLE_ADMIN_TOKEN });
  const logger = captureBridgeLog(config, EMULATOR_KEY);
  const jumpcloud = new JumpCloudClient({ baseUrl: emulator.url, apiKey: EMULATOR_KEY, retry: { baseDelayMs: 2, maxDelayMs: 10, totalBudgetMs: 1000 }, logger });
  const audit = new MemoryAuditStore();
  const drift = new SqliteDriftStore(openBridgeDatabase(IN_MEMORY));
  const staticDir = mkdtempSync(join(tmpdir(), 'console-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title><script src="assets/app.js"></script>\n');
  writeFileSync(join(staticDir, 'app.js'), 'document.title = "console";\n');
  let nowMs = START_MS;
  const now = () => nowMs;
  const router = consoleRoutes({
    adminTokens: [CONSOLE_ADMIN_TOKEN],
    audit,
    jumpcloud,
    mapping: loadMapping(config),
    drift,
    changefeedStatus: () => ({ mode: 'insights', lagSeconds: 42 }),
    rateLimitedLastHour: () => 3,
    version: '9.9.9-test',
    tls: options.tls ?? false,
    staticDir,
    now,
    startedAtMs: START_MS - 3_600_000,
  });
  if (!router) throw new Error('the console should be on with an admin token');
  const app = createApp({
    logger,
    health: { jumpcloud: 'emulator', version: 'test' },
    readiness: async () => ({ ready: true, checks: {} }),
    operations: { routes: Router().use(CONSOLE_BASE_PATH, router), scimBefore: [], scimErrors: [] },
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= emulator.close());
  const signIn = async (token = CONSOLE_ADMIN_TOKEN): Promise<ConsoleSignIn> => {
    const res = await request(app).post('/console/api/session').send({ token }).expect(200);
    const setCookie = String(res.headers['set-cookie']?.[0] ?? '');
    const cookie = setCookie.split(';')[0] ?? '';
    // The log scan then fails any test whose log holds the session id.
    registerSecret('console session id', cookie.split('=')[1]);
    return { cookie, csrfToken: res.body.csrfToken, setCookie };
  };
  return {
    app,
    emulator,
    audit,
    drift,
    advance: (ms) => (nowMs += ms),
    signIn,
    get: (path, session) => request(app).get(path).set('Cookie', session.cookie),
    stopJumpCloud: stop,
    close: stop,
  };
}
