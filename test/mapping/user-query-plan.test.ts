import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { JumpCloudClient, JumpCloudError, type SystemUser } from '../../src/jumpcloud';
import { loadUserMapping, type UserQueryPlan } from '../../src/mapping';
import { compileFilter, parseFilter } from '../../src/scim/filter';
import cases from './user-query-plan.cases.json';

/**
 * Every plan runs against the emulator (the local JumpCloud) over mixed-case data, and must
 * (1) cost ONE JumpCloud request (none for `empty`), (2) answer a SUPERSET of the SCIM filter's
 * answer, (3) answer EXACTLY it when the plan says `exact`.
 */
const KEY = 'plan-test-key';
const mapping = loadUserMapping();
let emulator: RunningEmulator;
let client: JumpCloudClient;
let all: SystemUser[];

interface Case {
  filter: string;
  kind: UserQueryPlan['kind'];
  exact?: boolean;
  match: string[];
}

beforeAll(async () => {
  emulator = await startEmulator({ options: { apiKey: KEY } });
  client = new JumpCloudClient({ baseUrl: emulator.url, apiKey: KEY, timeoutMs: 5000, retry: { maxAttempts: 1 } });
  const viaBridge = (body: Record<string, unknown>) => client.users.create(mapping.toCreateBody(mapping.validateInbound(body)));
  const alice = await viaBridge({ userName: 'Alice.Smith@Example.com', externalId: 'ext-A', title: 'Engineer', active: true, emails: [{ value: 'Alice.Smith@Example.com', type: 'work' }] });
  await viaBridge({ userName: 'alice.smithson@example.com', externalId: 'ext:B', active: false, emails: [{ value: 'alice.smithson@example.com', type: 'work' }] });
  // Made in the JumpCloud console: mixed-case username, no kept userName.
  await client.users.create({ username: 'JSmith', email: 'JSmith@Example.com', external_dn: 'EXT-a', state: 'SUSPENDED' });
  await client.users.create({ username: 'admin.bob', email: 'bob@example.com', alternateEmail: 'shared@example.com' });
  await viaBridge({
    userName: 'Admin.Carol@example.com',
    emails: [{ value: 'carol@example.com', type: 'work' }],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: alice._id }, department: 'Sales' },
  });
  await viaBridge({ userName: '123@example.com', emails: [{ value: 'n123@example.com' }] });
  all = (await client.users.listPage({ limit: 100, sort: ['_id'] })).results;
});

afterAll(async () => {
  await emulator.close();
});

/** Runs a plan the way the provider does (one page is enough for this data). */
async function execute(plan: UserQueryPlan): Promise<SystemUser[]> {
  switch (plan.kind) {
    case 'empty':
      return [];
    case 'get':
      try {
        return [await client.users.get(plan.id)];
      } catch (err) {
        if (err instanceof JumpCloudError && err.isNotFound()) return [];
        throw err;
      }
    case 'list':
      return (await client.users.listPage({ limit: 100, sort: ['_id'], filter: plan.filter })).results;
    case 'search':
      return (await client.users.search(plan.body, { limit: 100 })).results;
    case 'scan':
      return (await client.users.listPage({ limit: 100, sort: ['_id'] })).results;
  }
}

const userNames = (users: SystemUser[]) => users.map((user) => mapping.toScim(user).userName as string).sort();

describe('planQuery against the emulator', () => {
  it('has the data it assumes', () => {
    expect(userNames(all)).toEqual(['123@example.com', 'Admin.Carol@example.com', 'Alice.Smith@Example.com', 'JSmith', 'admin.bob', 'alice.smithson@example.com']);
  });

  it.each((cases as Case[]).map((c) => [c.filter, c] as const))('%s', async (_name, c) => {
    const id0 = all.find((user) => user.username === 'alice.smith')?._id ?? '';
    const filter = parseFilter(c.filter.replace('@ID0@', id0).replace('@ID0UPPER@', id0.toUpperCase()));
    const plan = mapping.planQuery(filter);
    expect(plan.kind).toBe(c.kind);
    if ('exact' in plan) expect(plan.exact).toBe(c.exact);

    // The SCIM answer, by the SCIM filter over every rendered user, agrees with the table.
    const matches = compileFilter(filter, mapping.schemas);
    const truth = all.filter((user) => matches(mapping.toScim(user)));
    expect(userNames(truth)).toEqual([...c.match].sort());

    emulator.ctx.requests.clear();
    const answer = await execute(plan);
    expect(emulator.ctx.requests.count()).toBe(plan.kind === 'empty' ? 0 : 1);
    const answered = new Set(answer.map((user) => user._id));
    for (const user of truth) expect(answered).toContain(user._id);
    if (plan.kind !== 'scan' && plan.kind !== 'empty' && plan.exact) expect(userNames(answer)).toEqual(userNames(truth));
  });

  it('never interpolates a value with filter syntax into a v1 filter string', () => {
    for (const value of ['a:b', 'x|y', 'tab\there']) {
      const plan = mapping.planQuery(parseFilter(`externalId eq ${JSON.stringify(value)}`));
      expect(plan).toEqual({ kind: 'search', body: { filter: { and: [{ external_dn: value }] } }, exact: true });
    }
  });

  it('answers scan without a filter', () => {
    expect(mapping.planQuery(undefined)).toEqual({ kind: 'scan' });
  });
});
