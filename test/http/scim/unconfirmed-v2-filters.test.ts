import { apiKeyActor } from '../../../emulator/default-options';
import { JumpCloudClient, v2Filter } from '../../../src/jumpcloud';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { idsOf } from './delta-support';

/** Group names that mean something to a regex, to a wildcard pattern, or to a v2 filter. */
const NAMES = ['a.b', 'axb', 'x*y', 'xay', 'what?', 'whatx', '(eng)', 'eng', 'R&D (EU)', 'R&D EU', '***', '+++', '^$', 'c:\\d', '[x]+', 'p|q', 'Sales'];

async function startWithGroups(options: Parameters<typeof startBridgeHarness>[0]): Promise<{ h: BridgeHarness; ids: Map<string, string>; member: string }> {
  const h = await startBridgeHarness(options);
  const admin = apiKeyActor(h.emulator.ctx.options);
  const member = h.emulator.ctx.users.create({ username: 'amy', email: 'amy@example.com' }, admin)._id as string;
  const ids = new Map(NAMES.map((name) => [name, h.emulator.ctx.groups.create({ name }, admin).id as string]));
  for (const name of ['(eng)', 'R&D (EU)']) h.emulator.ctx.groups.addMember(ids.get(name) as string, member, admin);
  return { h, ids, member };
}

/**
 * `v2SearchOperator`: the `search` operator is a substring, a regex or a wildcard match;
 * `v2SearchCase`: it ignores case, or not (the V2 spec says filter values are case sensitive).
 */
const SEARCH_VARIANTS = (['substring', 'regex', 'wildcard'] as const).flatMap((v2SearchOperator) => (['insensitive', 'sensitive'] as const).map((v2SearchCase) => [v2SearchOperator, v2SearchCase] as const));

describe.each(SEARCH_VARIANTS)('displayName eq when the v2 search operator is %s and case-%s', (v2SearchOperator, v2SearchCase) => {
  let h: BridgeHarness;
  let ids: Map<string, string>;
  beforeAll(async () => ({ h, ids } = await startWithGroups({ emulatorOptions: { v2SearchOperator, v2SearchCase } })));
  afterAll(() => h.close());

  it.each(NAMES)('finds exactly the group %s, in any case, and nothing else', async (name) => {
    for (const asked of [name, name.toUpperCase(), name.toLowerCase()]) {
      h.resetRequests();
      const res = await h.scim('get', '/Groups').query({ filter: `displayName eq ${JSON.stringify(asked)}`, excludedAttributes: 'members' }).expect(200);
      expect(idsOf(res.body)).toEqual([ids.get(name)]);
      // The search value is only characters every semantics reads literally.
      for (const { query } of h.jumpcloudRequests()) if (typeof query.filter === 'string') expect(query.filter).toMatch(/^name:search:[A-Za-z0-9 _-]+$/);
    }
  });
});

/** `v2FilterForm`: a v2 route may refuse the indexed `filter[0]=` form of several filters. */
describe.each(['any', 'repeated-only'] as const)('v2 filters when the form accepted is %s', (v2FilterForm) => {
  let h: BridgeHarness;
  let ids: Map<string, string>;
  let member: string;
  beforeAll(async () => ({ h, ids, member } = await startWithGroups({ emulatorOptions: { v2FilterForm } })));
  afterAll(() => h.close());

  it('several filters on a group list are all applied', async () => {
    const client = new JumpCloudClient({ baseUrl: h.emulator.url, apiKey: h.emulator.ctx.options.apiKey });
    const page = await client.groups.listPage({ filter: [v2Filter('name', 'search', 'eng'), v2Filter('name', 'ne', 'eng')], limit: 100 });
    expect(page.items.map((group) => group.name)).toEqual(['(eng)']);
  });

  it('group lookups by name and User.groups answer', async () => {
    const res = await h.scim('get', '/Groups').query({ filter: 'displayName eq "R&D (EU)"', excludedAttributes: 'members' }).expect(200);
    expect(idsOf(res.body)).toEqual([ids.get('R&D (EU)')]);
    const user = (await h.scim('get', `/Users/${member}`).expect(200)).body as { groups?: { value: string }[] };
    expect((user.groups ?? []).map((group) => group.value)).toEqual(expect.arrayContaining([ids.get('(eng)'), ids.get('R&D (EU)')]));
    const byMember = await h.scim('get', '/Groups').query({ filter: `members[value eq "${member}"]`, excludedAttributes: 'members' }).expect(200);
    expect(idsOf(byMember.body)).toEqual(expect.arrayContaining([ids.get('(eng)'), ids.get('R&D (EU)')]));
  });
});
