import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, ENTERPRISE, ERROR, LIST, PATCH_OP } from './scim-users.fixtures';

/** Ids chosen so that `_id` order is the letter order A..G. */
const ID = {
  A: '65a000000000000000000001',
  B: '65a000000000000000000002',
  C: '65a000000000000000000003',
  D: '65a000000000000000000004',
  E: '65a000000000000000000005',
  F: '65a000000000000000000006',
  G: '65a000000000000000000007',
} as const;
type Letter = keyof typeof ID;
const ALL = Object.keys(ID) as Letter[];

const userNameAttr = (value: string) => ({ name: 'scimUserName', value });
const created = (day: number) => `2024-01-0${day}T12:00:00.000Z`;

/**
 * A small directory as JumpCloud holds it: six users the bridge made (userName kept in the
 * `scimUserName` custom attribute) and Frank, made in the console (userName = username).
 */
const SEED = {
  users: [
    { _id: ID.A, created: created(1), username: 'alice.anders', email: 'alice.anders@example.com', attributes: [userNameAttr('Alice.Anders@Example.com')], firstname: 'Alice', lastname: 'Anders', jobTitle: 'Engineer', external_dn: 'ext-1', department: 'R&D', employeeIdentifier: '100', password: 'Passw0rd-Alice!' },
    { _id: ID.B, created: created(2), username: 'bob.brown', email: 'bob.brown@example.com', attributes: [userNameAttr('bob.brown@example.com')], firstname: 'Bob', lastname: 'Brown', jobTitle: 'Manager', external_dn: 'ext-2', department: 'Sales', state: 'SUSPENDED' },
    { _id: ID.C, created: created(3), username: 'admin.carol', email: 'admin.carol@example.com', attributes: [userNameAttr('Admin.Carol@example.com')], firstname: 'Carol', lastname: 'Clark', jobTitle: 'Admin', external_dn: 'ext-3', department: 'IT' },
    { _id: ID.D, created: created(4), username: 'admin.dave', email: 'admin.dave@example.com', attributes: [userNameAttr('admin.dave@example.com')], firstname: 'Dave', lastname: 'Davis', external_dn: 'ext-4', department: 'IT', phoneNumbers: [{ type: 'mobile', number: '+1 555 0104' }] },
    { _id: ID.E, created: created(5), username: 'erin', email: 'erin@example.com', attributes: [userNameAttr('erin@example.com')], firstname: 'Erin', lastname: 'Evans', jobTitle: 'Engineer', external_dn: 'E5', manager: ID.A },
    { _id: ID.F, created: created(6), username: 'Frank', email: 'frank@example.com', alternateEmail: 'frank@home.example.org', firstname: 'Frank', lastname: 'Fisher', jobTitle: 'Intern' },
    { _id: ID.G, created: created(7), username: 'gina.admin', email: 'gina.admin@example.com', attributes: [userNameAttr('gina.admin@example.com')], firstname: 'Gina', lastname: 'Green' },
  ],
};

const lettersOf = (resources: { id: string }[] | undefined): Letter[] =>
  (resources ?? []).map((resource) => (Object.keys(ID) as Letter[]).find((letter) => ID[letter] === resource.id) ?? (resource.id as Letter));

/** GET /Users with filter, paging, sorting and projection (RFC 7644 §3.4.2), through HTTP against the emulator. */
describe('SCIM Users list', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: SEED });
  });
  afterAll(() => h.close());

  const list = (query: Record<string, string | number>) => h.scim('get', '/Users').query(query);

  describe('filters', () => {
    it.each<[string, Letter[]]>([
      ['userName eq "alice.anders@example.com"', ['A']],
      ['USERNAME EQ "ALICE.ANDERS@EXAMPLE.COM"', ['A']],
      ['userName ne "alice.anders@example.com"', ['B', 'C', 'D', 'E', 'F', 'G']],
      ['userName co "admin"', ['C', 'D', 'G']],
      ['userName sw "A"', ['A', 'C', 'D']],
      ['UserName sw "Admin"', ['C', 'D']],
      ['userName ew "@EXAMPLE.com"', ['A', 'B', 'C', 'D', 'E', 'G']],
      ['userName eq "frank"', ['F']],
      ['title pr', ['A', 'B', 'C', 'E', 'F']],
      ['not (title pr)', ['D', 'G']],
      ['title eq "engineer"', ['A', 'E']],
      ['name.familyName gt "D"', ['D', 'E', 'F', 'G']],
      ['name.familyName ge "davis"', ['D', 'E', 'F', 'G']],
      ['name.familyName lt "Clark"', ['A', 'B']],
      ['name.familyName le "CLARK"', ['A', 'B', 'C']],
      ['name.givenName Co "RI"', ['E']],
      ['externalId eq "E5"', ['E']],
      ['externalId eq "e5"', []],
      ['externalId eq E5', ['E']],
      ['active eq false', ['B']],
      ['active eq "False"', ['B']],
      ['active eq true and title eq "Engineer"', ['A', 'E']],
      ['title eq "Engineer" or title eq "Admin"', ['A', 'C', 'E']],
      ['(title eq "Engineer" or title eq "Admin") and name.givenName sw "a"', ['A']],
      ['not (userName sw "a") and active eq true', ['E', 'F', 'G']],
      ['emails[type eq "work" and value co "admin"]', ['C', 'D', 'G']],
      ['emails[type eq "other"].value eq "FRANK@home.example.org"', ['F']],
      ['emails.value eq "frank@home.example.org"', ['F']],
      ['emails[type eq "work"].value eq "erin@example.com"', ['E']],
      ['phoneNumbers[type eq "mobile"]', ['D']],
      [`${ENTERPRISE}:department eq "IT"`, ['C', 'D']],
      ['department eq "it"', ['C', 'D']],
      [`${ENTERPRISE}:employeeNumber eq "100"`, ['A']],
      [`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "${ID.A}"`, ['E']],
      ['meta.created gt "2024-01-05T00:00:00Z"', ['E', 'F', 'G']],
      ['meta.created le "2024-01-02T12:00:00.000Z"', ['A', 'B']],
      [`id eq "${ID.B}"`, ['B']],
      ['id eq "not-an-id"', []],
    ])('%s', async (filter, expected) => {
      const res = await list({ filter }).expect(200);
      expect(res.body.schemas).toEqual([LIST]);
      expect(lettersOf(res.body.Resources).sort()).toEqual(expected);
      expect(res.body.totalResults).toBe(expected.length);
    });

    it.each([
      ['userName eq', /userName eq/],
      ['userName xx "a"', /xx/],
      ['(userName eq "a"', /\)|parenthes/i],
      ['userName eq "unterminated', /unterminated|quote|string/i],
      ['userName eq "a" and', /and|end/i],
      ['nosuch eq "x"', /nosuch/],
      ['name.nosuch eq "x"', /nosuch/],
      ['urn:example:unknown:1.0:User:thing eq "x"', /thing|urn:example/],
    ])('an invalid filter (%s) is 400 invalidFilter with a detail that points at the problem', async (filter, detail) => {
      const res = await list({ filter }).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
      expect(res.body.detail).toMatch(detail);
    });
  });

  describe('paging', () => {
    it('count=0 answers only totalResults', async () => {
      const res = await list({ count: 0 }).expect(200);
      expect(res.body.totalResults).toBe(7);
      expect(res.body.Resources ?? []).toEqual([]);
      expect(res.body.itemsPerPage ?? 0).toBe(0);
    });

    it('count=0 with a filter the bridge evaluates answers only totalResults', async () => {
      const res = await list({ count: 0, filter: 'title pr' }).expect(200);
      expect(res.body.totalResults).toBe(5);
      expect(res.body.Resources ?? []).toEqual([]);
    });

    it.each<[string, Record<string, string | number>, { startIndex: number; letters: Letter[] }]>([
      ['defaults', {}, { startIndex: 1, letters: ALL }],
      ['startIndex 0 means 1', { startIndex: 0, count: 2 }, { startIndex: 1, letters: ['A', 'B'] }],
      ['a negative startIndex means 1', { startIndex: -5, count: 2 }, { startIndex: 1, letters: ['A', 'B'] }],
      ['a negative count means 0', { count: -3 }, { startIndex: 1, letters: [] }],
      ['a window in the middle', { startIndex: 3, count: 2 }, { startIndex: 3, letters: ['C', 'D'] }],
      ['a window running past the end', { startIndex: 6, count: 5 }, { startIndex: 6, letters: ['F', 'G'] }],
      ['a window beyond the end', { startIndex: 50, count: 5 }, { startIndex: 50, letters: [] }],
      ['a filtered window the bridge evaluates', { startIndex: 2, count: 2, filter: 'title pr' }, { startIndex: 2, letters: ['B', 'C'] }],
    ])('%s', async (_name, query, expected) => {
      const res = await list(query).expect(200);
      expect(lettersOf(res.body.Resources)).toEqual(expected.letters);
      // Integers, not strings (Okta compares them).
      expect(res.body.startIndex).toBe(expected.startIndex);
      expect(res.body.itemsPerPage).toBe(expected.letters.length);
      expect(typeof res.body.totalResults).toBe('number');
    });

    it.each<[string, Record<string, string | number>, number]>([
      ['in JumpCloud order', {}, 7],
      ['with a filter the bridge evaluates', { filter: 'title pr' }, 5],
      ['with a filter and a sort asking for nothing (count=0)', { filter: 'title pr', sortBy: 'userName', count: 0 }, 5],
    ])('a startIndex beyond 2^53 is an empty page, %s (RFC 7644 §3.4.2.4)', async (_name, query, totalResults) => {
      const res = await list({ count: 2, ...query, startIndex: '99999999999999999999' }).expect(200);
      expect(res.body.Resources ?? []).toEqual([]);
      expect(res.body.totalResults).toBe(totalResults);
      expect(Number.isSafeInteger(res.body.startIndex)).toBe(true);
    });

    it.each<[string, Record<string, string | number>]>([
      ['a startIndex beyond 2^53', { startIndex: '99999999999999999999', count: 2 }],
      ['a startIndex just below 2^53', { startIndex: String(Number.MAX_SAFE_INTEGER - 1), count: 2 }],
      ['a window ending one past the sort window', { startIndex: 10_000, count: 2 }],
    ])('sortBy with %s is 400 invalidValue naming the sort window', async (_name, query) => {
      const res = await list({ ...query, sortBy: 'userName' }).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
      expect(res.body.detail).toMatch(/^With 'sortBy' this service sorts at most the first 10000 results \(startIndex \+ count - 1 <= 10000\);.*cursor paging \(RFC 9865\)/);
    });

    it('sortBy with a window ending at the sort window is an empty page', async () => {
      const res = await list({ startIndex: 9_999, count: 2, sortBy: 'userName', filter: 'title pr' }).expect(200);
      expect(res.body.Resources ?? []).toEqual([]);
      expect(res.body.totalResults).toBe(5);
    });

    it.each([
      ['startIndex', 'abc'],
      ['count', '1.5'],
      ['sortOrder', 'upwards'],
    ])('%s=%s is 400 invalidValue naming the parameter', async (name, value) => {
      const res = await list({ [name]: value }).expect(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
      expect(res.body.detail).toContain(name);
    });

    it.each([
      ['in JumpCloud order', {}],
      ['with a filter the bridge evaluates', { filter: 'userName pr' }],
      ['sorted by the bridge', { sortBy: 'name.familyName', sortOrder: 'descending' }],
    ])('paging through with count=3 yields each user exactly once, %s', async (_name, query) => {
      const whole = await list({ ...query, count: 100 }).expect(200);
      const seen: string[] = [];
      for (let startIndex = 1; startIndex <= 7; startIndex += 3) {
        const page = await list({ ...query, startIndex, count: 3 }).expect(200);
        expect(page.body.totalResults).toBe(7);
        seen.push(...page.body.Resources.map((r: { id: string }) => r.id));
      }
      expect(seen).toEqual(whole.body.Resources.map((r: { id: string }) => r.id));
      expect(new Set(seen).size).toBe(7);
    });
  });

  describe('sorting', () => {
    it.each<[string, Record<string, string>, Letter[]]>([
      ['userName ascending (case-insensitive)', { sortBy: 'userName' }, ['C', 'D', 'A', 'B', 'E', 'F', 'G']],
      ['userName descending', { sortBy: 'userName', sortOrder: 'descending' }, ['G', 'F', 'E', 'B', 'A', 'D', 'C']],
      ['sortOrder in any letter case', { sortBy: 'UserName', sortOrder: 'DESCENDING' }, ['G', 'F', 'E', 'B', 'A', 'D', 'C']],
      ['name.familyName', { sortBy: 'name.familyName' }, ['A', 'B', 'C', 'D', 'E', 'F', 'G']],
      ['name.familyName descending', { sortBy: 'name.familyName', sortOrder: 'descending' }, ['G', 'F', 'E', 'D', 'C', 'B', 'A']],
      ['meta.created', { sortBy: 'meta.created' }, ['A', 'B', 'C', 'D', 'E', 'F', 'G']],
      ['meta.created descending', { sortBy: 'meta.created', sortOrder: 'descending' }, ['G', 'F', 'E', 'D', 'C', 'B', 'A']],
      // Ties (two Engineers) broken by id; users without a title last.
      ['title: ties by id, unassigned last', { sortBy: 'title' }, ['C', 'A', 'E', 'F', 'B', 'D', 'G']],
      ['a sorted and filtered window', { sortBy: 'userName', filter: 'userName co "a"', startIndex: '2', count: '2' }, ['D', 'A']],
    ])('%s', async (_name, query, expected) => {
      const res = await list(query).expect(200);
      expect(lettersOf(res.body.Resources)).toEqual(expected);
    });

    it.each(['nosuch', 'password', 'name'])('sortBy=%s is 400 invalidValue', async (sortBy) => {
      const res = await list({ sortBy }).expect(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
      expect(res.body.detail).toContain(sortBy);
    });
  });

  describe('attributes and excludedAttributes', () => {
    const userA = (query: Record<string, string>) => list({ ...query, filter: `id eq "${ID.A}"` }).expect(200).then((res) => res.body.Resources[0] as Record<string, unknown>);

    it('attributes=userName: id and schemas stay (returned always), nothing else', async () => {
      const resource = await userA({ attributes: 'userName' });
      expect(resource).toEqual({ schemas: [CORE], id: ID.A, userName: 'Alice.Anders@Example.com' });
    });

    it('attribute names in any letter case, sub-attributes and URN names', async () => {
      const resource = await userA({ attributes: `USERNAME,name.givenName,emails.value,${ENTERPRISE}:department` });
      expect(resource).toEqual({
        schemas: [CORE, ENTERPRISE],
        id: ID.A,
        userName: 'Alice.Anders@Example.com',
        name: { givenName: 'Alice' },
        emails: [{ value: 'alice.anders@example.com' }],
        [ENTERPRISE]: { department: 'R&D' },
      });
    });

    it('a bare extension URN returns the whole extension', async () => {
      const resource = await userA({ attributes: ENTERPRISE });
      expect(resource).toMatchObject({ id: ID.A, [ENTERPRISE]: { department: 'R&D', employeeNumber: '100' } });
      expect(resource).not.toHaveProperty('userName');
    });

    it('excludedAttributes drops what is named, never id', async () => {
      const resource = await userA({ excludedAttributes: 'emails,name,id,meta' });
      expect(resource).toMatchObject({ id: ID.A, userName: 'Alice.Anders@Example.com', title: 'Engineer' });
      expect(resource).not.toHaveProperty('emails');
      expect(resource).not.toHaveProperty('name');
    });

    it('password is never returned, even when asked for', async () => {
      const resource = await userA({ attributes: 'password,userName' });
      expect(resource).not.toHaveProperty('password');
      const whole = await userA({});
      expect(whole).not.toHaveProperty('password');
    });

    it.each<[string, Record<string, string>, Letter[]]>([
      ['a filter on an excluded attribute', { filter: 'title pr', excludedAttributes: 'title' }, ['A', 'B', 'C', 'E', 'F']],
      ['a filter on an attribute not asked for', { filter: 'title eq "Engineer"', attributes: 'userName' }, ['A', 'E']],
      ['a sort on an excluded attribute', { sortBy: 'name.familyName', sortOrder: 'descending', excludedAttributes: 'name' }, ['G', 'F', 'E', 'D', 'C', 'B', 'A']],
      ['a sort on an attribute not asked for', { sortBy: 'title', attributes: 'userName' }, ['C', 'A', 'E', 'F', 'B', 'D', 'G']],
    ])('%s still filters and sorts by it, and leaves it out of the answer', async (_name, query, expected) => {
      const res = await list(query).expect(200);
      expect(lettersOf(res.body.Resources)).toEqual(expected);
      const hidden = query.excludedAttributes ?? (query.filter ? 'title' : query.sortBy?.split('.')[0]);
      for (const resource of res.body.Resources) expect(resource).not.toHaveProperty(hidden as string);
    });

    it("a projected read of a manager does not change the manager's displayName other users show", async () => {
      // Alice read with only userName: her record lacks the name fields JumpCloud would send.
      await list({ filter: `id eq "${ID.A}"`, attributes: 'userName' }).expect(200);
      await list({ attributes: 'userName', count: 100 }).expect(200);
      const res = await h.scim('get', `/Users/${ID.E}`).expect(200);
      expect(res.body[ENTERPRISE].manager).toEqual({ value: ID.A, displayName: 'Alice Anders' });
    });

    it('GET /Users/{id} honours attributes too', async () => {
      const res = await h.scim('get', `/Users/${ID.E}`).query({ attributes: 'name.familyName,manager' }).expect(200);
      expect(res.body).toEqual({ schemas: [CORE, ENTERPRISE], id: ID.E, name: { familyName: 'Evans' }, [ENTERPRISE]: { manager: { value: ID.A, displayName: 'Alice Anders' } } });
    });
  });

  describe('client dialects', () => {
    it('SailPoint aggregation with a mixed-case admin filter and extension attribute names', async () => {
      const res = await list({ filter: 'UserName sw "a" and Active eq true', attributes: `userName,${ENTERPRISE}:department`, startIndex: 1, count: 2 }).expect(200);
      expect(res.body.totalResults).toBe(3);
      expect(lettersOf(res.body.Resources)).toEqual(['A', 'C']);
      expect(res.body.Resources[1]).toEqual({ schemas: [CORE, ENTERPRISE], id: ID.C, userName: 'Admin.Carol@example.com', [ENTERPRISE]: { department: 'IT' } });
    });

    it('SailPoint delta aggregation: meta.lastModified gt, and-ed with the admin filter', async () => {
      // Every seeded user was created (and last modified) in January 2024.
      const since = '2024-12-31T00:00:00Z';
      const quiet = await list({ filter: `meta.lastModified gt "${since}"` }).expect(200);
      expect(quiet.body.totalResults).toBe(0);
      await h
        .scim('patch', `/Users/${ID.C}`)
        .send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Senior Admin' }] })
        .expect(200);
      await h
        .scim('patch', `/Users/${ID.B}`)
        .send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Director' }] })
        .expect(200);
      const delta = await list({ filter: `meta.lastModified gt "${since}"` }).expect(200);
      expect(lettersOf(delta.body.Resources).sort()).toEqual(['B', 'C']);
      const adminDelta = await list({ filter: `meta.lastModified gt "${since}" and userName sw "admin"` }).expect(200);
      expect(lettersOf(adminDelta.body.Resources)).toEqual(['C']);
      // Sorting reads the same meta.lastModified: the latest change first (B was patched after C).
      const recent = await list({ sortBy: 'meta.lastModified', sortOrder: 'descending' }).expect(200);
      expect(lettersOf(recent.body.Resources)).toEqual(['B', 'C', 'G', 'F', 'E', 'D', 'A']);
    });

    it("Entra's Test Connection: a random userName answers a 200 ListResponse with totalResults 0", async () => {
      const res = await list({ filter: 'userName eq "7c5a1b1e-1d6e-4cf3-9a1e-2f0d0f8f4d5b"' }).expect(200);
      expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 0 });
    });
  });
});

/** Okta's import: count=100, startIndex += 100, integers, a stable order, every user once. */
describe('SCIM Users list: Okta import paging over 250 users', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { generate: { users: 250, usernamePrefix: 'okta' } } });
  });
  afterAll(() => h.close());

  it('pages of 100 from startIndex 1, 101, 201 hold every user exactly once', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let startIndex = 1; ; startIndex += 100) {
      const res = await h.scim('get', '/Users').query({ startIndex, count: 100 }).expect(200);
      expect(res.body).toMatchObject({ totalResults: 250, startIndex, itemsPerPage: res.body.Resources?.length ?? 0 });
      sizes.push(res.body.itemsPerPage);
      seen.push(...(res.body.Resources ?? []).map((r: { id: string }) => r.id));
      if (startIndex + 100 > res.body.totalResults) break;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
  });
});
