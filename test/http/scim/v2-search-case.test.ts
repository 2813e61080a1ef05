import { apiKeyActor } from '../../../emulator/default-options';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { idsOf } from './delta-support';
import cases from './v2-search-case.cases.json';

const SEARCH_CASES = ['insensitive', 'sensitive'] as const;

/** A bridge (with a new JumpCloud client, so nothing learned) over the cases' groups and fillers. */
async function startWithGroups(v2SearchCase: (typeof SEARCH_CASES)[number]): Promise<{ h: BridgeHarness; ids: Map<string, string> }> {
  const h = await startBridgeHarness({ emulatorOptions: { v2SearchCase } });
  const admin = apiKeyActor(h.emulator.ctx.options);
  const ids = new Map(cases.groups.map((name) => [name, h.emulator.ctx.groups.create({ name }, admin).id as string]));
  for (let n = 0; n < cases.fillers; n += 1) h.emulator.ctx.groups.create({ name: `filler-${String(n).padStart(3, '0')}` }, admin);
  return { h, ids };
}

/** GET /Groups?filter=displayName eq "<asked>": the ids found and the JumpCloud requests it took. */
async function lookUp(h: BridgeHarness, asked: string): Promise<{ found: string[]; requests: { query: Record<string, unknown> }[] }> {
  h.resetRequests();
  const res = await h.scim('get', '/Groups').query({ filter: `displayName eq ${JSON.stringify(asked)}`, excludedAttributes: 'members' }).expect(200);
  return { found: idsOf(res.body), requests: h.jumpcloudRequests() };
}

describe.each(SEARCH_CASES)('displayName eq when the v2 search is case-%s', (v2SearchCase) => {
  let h: BridgeHarness;
  let ids: Map<string, string>;
  beforeEach(async () => ({ h, ids } = await startWithGroups(v2SearchCase)));
  afterEach(() => h.close());

  test.each(cases.cases)('"$asked": $why', async (testCase) => {
    const { found, requests } = await lookUp(h, testCase.asked);
    expect(found).toEqual(testCase.found === null ? [] : [ids.get(testCase.found)]);
    expect(requests).toHaveLength(testCase[v2SearchCase]);
    // One search, then (when the miss must be confirmed) the full read: pages without a filter or a sort.
    expect(requests[0]?.query.filter).toMatch(/^name:search:[A-Za-z0-9 _-]+$/);
    for (const { query } of requests.slice(1)) expect([query.filter, query.sort, query.limit]).toEqual([undefined, undefined, '100']);
  });

  it('the full read of a confirmed miss is one request per 100 groups', async () => {
    const { requests } = await lookUp(h, 'Marketing');
    expect(requests.slice(1).map(({ query }) => query.skip ?? '0')).toEqual(Array.from({ length: cases.fullRead }, (_, page) => String(page * 100)));
  });
});

describe('what a client remembers of its search', () => {
  it('once a search is seen to ignore case, later misses cost one request', async () => {
    const { h } = await startWithGroups('insensitive');
    try {
      expect((await lookUp(h, 'Marketing')).requests).toHaveLength(1 + cases.fullRead);
      // "sales" is answered "Sales EMEA": a name holding the run only in another case.
      expect((await lookUp(h, 'sales')).requests).toHaveLength(1);
      expect((await lookUp(h, 'Marketing')).requests).toHaveLength(1);
      expect((await lookUp(h, 'engineering')).found).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a case-sensitive search teaches nothing: every miss is confirmed, and other-case names are still found', async () => {
    const { h, ids } = await startWithGroups('sensitive');
    try {
      for (const asked of ['sales', 'Marketing']) expect((await lookUp(h, asked)).requests).toHaveLength(1 + cases.fullRead);
      const other = await lookUp(h, 'ENGINEERING');
      expect([other.found, other.requests.length]).toEqual([[ids.get('Engineering')], 1 + cases.fullRead]);
    } finally {
      await h.close();
    }
  });
});
