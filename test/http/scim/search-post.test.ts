import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorGroup } from './groups-fixtures';
import { ERROR, LIST } from './scim-users.fixtures';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** `POST .search` (RFC 7644 §3.4.3) on /Users, /Groups and the root, through HTTP against the emulator. */
describe('POST .search', () => {
  let h: BridgeHarness;
  let groupIds: string[];
  let userIds: string[];

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { generate: { users: 7, usernamePrefix: 'searcher' } }, env: { PUBLIC_BASE_URL: 'https://scim.example.test' } });
    userIds = h.emulator.ctx.users.idsInOrder(0, 7);
    groupIds = [emulatorGroup(h, { name: 'Engineering' }, userIds.slice(0, 2)), emulatorGroup(h, { name: 'Sales' })];
  });
  afterAll(() => h.close());

  const search = (path: string, body: unknown) => h.scim('post', path).send(body as object);

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['no parameters', {}, {}],
    ['a filter', { filter: 'userName eq "searcher000002" or userName eq "searcher000005"' }, { filter: 'userName eq "searcher000002" or userName eq "searcher000005"' }],
    ['paging', { startIndex: 3, count: 2 }, { startIndex: '3', count: '2' }],
    ['sorting', { sortBy: 'userName', sortOrder: 'descending', count: 3 }, { sortBy: 'userName', sortOrder: 'descending', count: '3' }],
    ['attributes', { attributes: ['userName', 'name.givenName'] }, { attributes: 'userName,name.givenName' }],
    ['excludedAttributes', { excludedAttributes: ['emails', 'groups'] }, { excludedAttributes: 'emails,groups' }],
  ])('/Users/.search with %s answers what GET /Users answers', async (_name, body, query) => {
    const searched = await search('/Users/.search', { schemas: [SEARCH], ...body }).expect(200);
    const got = await h.scim('get', '/Users').query(query).expect(200);
    expect(searched.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(searched.body).toEqual(got.body);
    expect(searched.body.schemas).toEqual([LIST]);
    expect(searched.body.totalResults).toBeGreaterThan(0);
  });

  it('/Groups/.search answers what GET /Groups answers, members included', async () => {
    const searched = await search('/Groups/.search', { schemas: [SEARCH], filter: 'displayName eq "Engineering"' }).expect(200);
    const got = await h.scim('get', '/Groups').query({ filter: 'displayName eq "Engineering"' }).expect(200);
    expect(searched.body).toEqual(got.body);
    expect(searched.body.Resources).toHaveLength(1);
    expect(searched.body.Resources[0].members.map((m: { value: string }) => m.value).sort()).toEqual(userIds.slice(0, 2).sort());
  });

  it('a base URL ending in /Users reaches the Users search, and /Users/.search is not the root search', async () => {
    const direct = await search('/Users/.search', { count: 100 }).expect(200);
    const suffixed = await search('/Users/Users/.search', { count: 100 }).expect(200);
    expect(suffixed.body).toEqual(direct.body);
    expect(direct.body.Resources.every((r: { schemas: string[] }) => r.schemas.includes('urn:ietf:params:scim:schemas:core:2.0:User'))).toBe(true);
  });

  it('root /.search returns Users then Groups, totals summed', async () => {
    const all = await search('/.search', { schemas: [SEARCH] }).expect(200);
    const users = (await h.scim('get', '/Users').expect(200)).body;
    const groups = (await h.scim('get', '/Groups').expect(200)).body;
    expect(all.body.totalResults).toBe(users.totalResults + groups.totalResults);
    expect(all.body.Resources.map((r: { id: string }) => r.id)).toEqual([...users.Resources, ...groups.Resources].map((r: { id: string }) => r.id));
    expect(all.body.Resources.filter((r: { id: string }) => groupIds.includes(r.id))).toHaveLength(2);
  });

  it('root /.search pages across the types, each resource once', async () => {
    const total = (await search('/.search', { count: 0 }).expect(200)).body.totalResults as number;
    const ids: string[] = [];
    for (let start = 1; start <= total; start += 3) {
      const page = await search('/.search', { startIndex: start, count: 3, attributes: ['id'] }).expect(200);
      expect(page.body).toMatchObject({ totalResults: total, startIndex: start });
      ids.push(...page.body.Resources.map((r: { id: string }) => r.id));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('root /.search with a User-only filter finds users only', async () => {
    const res = await search('/.search', { filter: 'userName eq "searcher000003"' }).expect(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].userName).toBe('searcher000003');
  });

  it.each<[string, string, unknown, string, RegExp]>([
    ['a body that is not an object', '/Users/.search', [1], 'invalidSyntax', /must be a JSON object, a SearchRequest/],
    ['a misspelt member', '/Users/.search', { filtre: 'x' }, 'invalidSyntax', /member 'filtre' is not defined/],
    ['a numeric filter', '/Groups/.search', { filter: 1 }, 'invalidValue', /'filter' must be a string/],
    ['a bad filter, as GET says', '/Users/.search', { filter: 'userName eq' }, 'invalidFilter', /./],
    ['a bad sortOrder, as GET says', '/Users/.search', { sortOrder: 'up' }, 'invalidValue', /'sortOrder' must be 'ascending' or 'descending'/],
    ['sortBy at the root', '/.search', { sortBy: 'id' }, 'invalidValue', /sortBy is not supported by a root-level search/],
  ])('%s -> 400', async (_name, path, body, scimType, detail) => {
    const res = await search(path, body).expect(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType, detail: expect.stringMatching(detail) });
  });
});
