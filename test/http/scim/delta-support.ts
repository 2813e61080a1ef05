import type { BridgeHarness } from '../../support/bridge-harness';
import { openBridgeDatabase, IN_MEMORY } from '../../../src/state/sqlite-database';
import { SqliteStateStore } from '../../../src/state/sqlite-state-store';
import { MemoryStateStore } from '../../../src/state/memory-state-store';
import type { StateStore } from '../../../src/state/state-store';

/** A state store of either kind, and how to close it. */
export interface OpenStore {
  state: StateStore;
  close(): void;
}

/** The two StateStore implementations the delta tests run against. */
export const STORES: [string, () => OpenStore][] = [
  ['memory', () => ({ state: new MemoryStateStore(), close: () => undefined })],
  [
    'sqlite',
    () => {
      const db = openBridgeDatabase(IN_MEMORY);
      return { state: new SqliteStateStore(db), close: () => db.close() };
    },
  ],
];

/**
 * Waits for the next whole second and answers it (ISO, no milliseconds): everything created
 * before is strictly older, everything after strictly newer, and the instant can be written in
 * every form SailPoint sends (with and without milliseconds, offsets, no zone).
 */
export async function nextWholeSecond(): Promise<Date> {
  const next = Math.floor(Date.now() / 1000) * 1000 + 1000;
  await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 2));
  return new Date(next);
}

/** The same instant in the timestamp forms SailPoint (and other clients) send. */
export function timestampForms(at: Date): string[] {
  const iso = at.toISOString();
  const shifted = (minutes: number): string => new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 19);
  return [
    iso.replace('.000Z', 'Z'),
    iso,
    iso.slice(0, 19),
    `${shifted(120)}+02:00`,
    `${shifted(-300)}-05:00`,
    `${shifted(330)}+0530`,
    `${iso.slice(0, 19)}.000+00:00`,
  ];
}

/** JumpCloud requests counted by kind: user reads, group reads, everything. */
export function requestCounts(h: BridgeHarness): { userReads: number; groupReads: number; total: number; searches: { ids: number; limit: unknown }[] } {
  const requests = h.jumpcloudRequests();
  const searches = requests
    .filter((r) => r.method === 'POST' && r.path === '/api/search/systemusers')
    .map((r) => ({ ids: ((r.body as { filter?: { or?: unknown[] } }).filter?.or ?? []).length, limit: r.query.limit }));
  return {
    userReads: requests.filter((r) => r.path === '/api/systemusers' || r.path.startsWith('/api/systemusers/') || r.path === '/api/search/systemusers').length,
    groupReads: requests.filter((r) => r.path.startsWith('/api/v2/usergroups')).length,
    total: requests.length,
    searches,
  };
}

/** The ids of a ListResponse, in order. */
export function idsOf(body: { Resources?: { id: string }[] }): string[] {
  return (body.Resources ?? []).map((resource) => resource.id);
}
