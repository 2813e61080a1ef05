import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { seededRandom } from '../support/seeded-random';
import { startSoakBridge, type BridgePlacement, type SoakBridge } from './soak-bridge';
import { SailPointLikeClient, SAILPOINT_MIX, type TrafficMix } from './soak-clients';
import { faultRules, type FaultKind } from './soak-faults';
import { SAILPOINT_RETRY_RULES, type ClientRetryRules } from './soak-http';
import { readJournal } from './soak-journal';
import { readJumpCloudState } from './soak-jumpcloud-state';
import { SoakLedger, type Finding } from './soak-ledger';
import { buildReport, type SoakReport } from './soak-report';
import { verifyJournal } from './soak-verify-journal';
import { verifyJumpCloud } from './soak-verify-jumpcloud';

/** One soak run's settings; everything random derives from `seed`. */
export interface SoakOptions {
  seed: number;
  /** How long the clients send traffic (each finishes the action in progress after that). */
  durationMs: number;
  clients?: number;
  groups?: number;
  minUsers?: number;
  maxUsers?: number;
  /** Retry-After of the injected 429s, in seconds. */
  retryAfterSeconds?: number;
  bridge?: BridgePlacement;
  clientRules?: ClientRetryRules;
  mix?: TrafficMix;
  /** Told a line of progress now and then (the long run prints it). */
  progress?: (line: string) => void;
}

/** A finished run: the report, and (until `close`) the emulator and journal to look at again. */
export interface SoakRun {
  report: SoakReport;
  findings: Finding[];
  ledger: SoakLedger;
  emulator: RunningEmulator;
  apiKey: string;
  dbPath: string;
  runTag: string;
  /** Verifies again from JumpCloud's API and the journal (the traffic-time findings not included). */
  verify(): Promise<Finding[]>;
  close(): Promise<void>;
}

const TOKEN = 'soak-scim-token-0123456789abcdef';

/**
 * Fault soak (issue 12): the real bridge over HTTP, with a SQLite journal, in front of an
 * emulator that answers 10 % of JumpCloud calls 429 (with Retry-After), 5 % 502/503, and drops
 * 2 % of connections before and 2 % after the call took effect; 8 SailPoint-like clients send
 * mixed provisioning traffic. Then, with the faults cleared and the bridge stopped, JumpCloud
 * (through its own API) and the journal are compared with what the clients were told.
 */
export async function runSoak(options: SoakOptions): Promise<SoakRun> {
  const seed = options.seed >>> 0;
  const runTag = `s${seed % 100000}`;
  const apiKey = `soak-emulator-key-${seed}`;
  const dir = mkdtempSync(join(tmpdir(), 'soak-'));
  const dbPath = join(dir, 'bridge.db');
  const emulator = await startEmulator({ port: 0, options: { apiKey }, seams: { faultDice: seededRandom(seed ^ 0x5eed_fa17) } });
  const control = controlOf(emulator.url, apiKey);
  let bridge: SoakBridge | undefined;
  try {
    const ledger = new SoakLedger();
    ledger.groupIds.push(...(await createGroups(control, runTag, options.groups ?? 6)));
    bridge = await startSoakBridge(options.bridge ?? 'in-process', {
      PORT: '0',
      HOST: '127.0.0.1',
      SCIM_BEARER_TOKEN: TOKEN,
      JUMPCLOUD_API_KEY: apiKey,
      JUMPCLOUD_BASE_URL: emulator.url,
      AUDIT_DB_PATH: dbPath,
      AUDIT_LOG_FILE: 'off',
      LOG_LEVEL: 'error',
    });
    const rules = faultRules(options.retryAfterSeconds ?? 1);
    await control('PUT', '/__emulator/faults', rules.map((r) => r.rule));
    const jumpcloudBefore = emulator.ctx.requests.count();

    const started = Date.now();
    const stopAt = started + options.durationMs;
    const clients = Array.from({ length: options.clients ?? 8 }, (_, index) => {
      const client = new SailPointLikeClient({
        index,
        scimBaseUrl: bridge?.scimBaseUrl ?? '',
        token: TOKEN,
        ledger,
        random: seededRandom((seed * 31 + index + 1) >>> 0),
        rules: options.clientRules ?? SAILPOINT_RETRY_RULES,
        runTag,
        minUsers: options.minUsers ?? 8,
        maxUsers: options.maxUsers ?? 400,
        mix: options.mix ?? SAILPOINT_MIX,
      });
      return client.run(() => Date.now() >= stopAt);
    });
    const ticker = options.progress ? setInterval(() => options.progress?.(progressLine(ledger, started)), 30_000) : undefined;
    await Promise.all(clients);
    if (ticker) clearInterval(ticker);
    const trafficMs = Date.now() - started;

    const applied = (await control('GET', '/__emulator/faults')) as { applied: number }[];
    await control('DELETE', '/__emulator/faults');
    const faults = Object.fromEntries(rules.map((r, i) => [r.kind, applied[i]?.applied ?? 0])) as Record<FaultKind, number>;
    const jumpcloudCalls = emulator.ctx.requests.count() - jumpcloudBefore;
    // Stopped gracefully: every request finished and its journal record was written.
    await bridge.close();
    bridge = undefined;

    const check = async () => {
      const state = await readJumpCloudState(emulator.url, apiKey);
      const records = await readJournal(dbPath);
      return { state, records, findings: [...verifyJumpCloud(ledger, state, runTag), ...verifyJournal(ledger, records)] };
    };
    const verifyStarted = Date.now();
    const { state, records, findings: checked } = await check();
    const findings = [...ledger.findings, ...checked];
    const report = buildReport({ seed, runTag, trafficMs, verifyMs: Date.now() - verifyStarted, ledger, faults, jumpcloudCalls, state, records, findings, bridge: options.bridge ?? 'in-process' });
    return {
      report,
      findings,
      ledger,
      emulator,
      apiKey,
      dbPath,
      runTag,
      verify: async () => (await check()).findings,
      close: async () => {
        await emulator.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await bridge?.close().catch(() => undefined);
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

type Control = (method: string, path: string, body?: unknown) => Promise<unknown>;

/** Calls the emulator (its API or its `/__emulator` controls) with the key; throws on a non-2xx. */
function controlOf(baseUrl: string, apiKey: string): Control {
  return async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
}

/** The entitlements: JumpCloud user groups made before the traffic (SailPoint aggregates, it does not create them). */
async function createGroups(control: Control, runTag: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const group = (await control('POST', '/api/v2/usergroups', { name: `${runTag}-entitlement-${i}` })) as { id: string };
    ids.push(group.id);
  }
  return ids;
}

function progressLine(ledger: SoakLedger, started: number): string {
  const requests = [...ledger.requests.values()].reduce((sum, n) => sum + n, 0);
  const acked = [...ledger.acknowledged.values()].reduce((sum, n) => sum + n, 0);
  return `${Math.round((Date.now() - started) / 1000)} s: ${requests} requests, ${acked} acknowledged writes, ${ledger.live().length} live users, ${ledger.findings.length} findings so far`;
}
