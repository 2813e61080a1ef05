// One contract, two implementations: the same cases run against nock replaying traffic shaped like
// real JumpCloud, and against the live emulator, so neither the client nor the emulator can drift.
import { JumpCloudClient, JumpCloudError, jumpcloudValidators, type JumpCloudSchemaName } from '../../../src/jumpcloud';

/** What a contract run needs from its target. */
export interface ContractTarget {
  /** Prepares a fresh, empty org for the named case (nock: loads its recording; emulator: resets). */
  begin(caseName: string): Promise<void>;
  /** After the case (nock: every recorded exchange was used, in order). */
  end(): Promise<void>;
  /** A client for the org, with the right key. */
  client(): JumpCloudClient;
  /** A client with a wrong key. */
  badKeyClient(): JumpCloudClient;
}

/** The case names, shared with the recordings so a missing recording fails loudly. */
export const CONTRACT_CASES = [
  'create user then get',
  'duplicate username',
  'list envelope, filter and paging',
  'put replaces arrays',
  'delete returns the user then 404',
  'manager delete conflict and cascade',
  'search envelope',
  'group lifecycle',
  'members and memberof',
  'bad key',
  'directory insights events',
] as const;

/** A case name. */
export type ContractCase = (typeof CONTRACT_CASES)[number];

function expectValid(schema: JumpCloudSchemaName, value: unknown): void {
  const validate = jumpcloudValidators[schema];
  const ok = validate(value);
  if (!ok) throw new Error(`${schema} does not match: ${JSON.stringify(validate.errors)}`);
}

async function failure(promise: Promise<unknown>): Promise<JumpCloudError> {
  const outcome = await promise.then(
    () => new Error('expected a JumpCloudError'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof JumpCloudError)) throw outcome;
  return outcome;
}

const ADA = { username: 'ada', email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' };
const ALAN = { username: 'alan', email: 'alan@example.com', firstname: 'Alan', lastname: 'Turing' };
const GRACE = { username: 'grace', email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper' };

const cases: Record<ContractCase, (c: JumpCloudClient, target: ContractTarget) => Promise<void>> = {
  'create user then get': async (c) => {
    const created = await c.users.create(ADA);
    expectValid('systemUser', created);
    expect(created).toMatchObject({ ...ADA, employeeIdentifier: null, attributes: [], addresses: [], phoneNumbers: [], department: '', activated: false });
    expect(created.id).toBe(created._id);
    expect(typeof created.created).toBe('string');
    expect(created).not.toHaveProperty('password');
    const got = await c.users.get(created._id);
    expect(got).toMatchObject({ _id: created._id, username: 'ada', email: 'ada@example.com' });
  },

  'duplicate username': async (c) => {
    await c.users.create(ADA);
    const error = await failure(c.users.create({ ...ADA, email: 'ada2@example.com' }));
    expect(error.status).toBe(400);
    expect(error.isAlreadyExists()).toBe(true);
    expect(error.attempts).toBe(1);
  },

  'list envelope, filter and paging': async (c) => {
    for (const body of [ADA, ALAN, GRACE]) await c.users.create(body);
    const page = await c.users.listPage({ limit: 2, skip: 0, sort: ['_id'] });
    expectValid('systemUserList', page);
    expect(page.totalCount).toBe(3);
    expect(page.results.map((u) => u.username)).toEqual(['ada', 'alan']);
    const filtered = await c.users.listPage({ filter: ['username:$eq:grace'] });
    expect(filtered.totalCount).toBe(1);
    expect(filtered.results[0]?.email).toBe('grace@example.com');
    const past = await c.users.listPage({ limit: 2, skip: 10, sort: ['_id'] });
    expect(past).toEqual({ totalCount: 3, results: [] });
  },

  'put replaces arrays': async (c) => {
    const created = await c.users.create({ ...ADA, attributes: [{ name: 'costCode', value: '1' }, { name: 'site', value: 'LDN' }] });
    const updated = await c.users.update(created._id, { jobTitle: 'Analyst', attributes: [{ name: 'site', value: 'NYC' }] });
    expectValid('systemUser', updated);
    // Real JumpCloud gives every item its own `id`/`_id` (NOTES.md "Observed in real events"): compare content.
    expect(updated.attributes?.map(({ name, value }) => ({ name, value }))).toEqual([{ name: 'site', value: 'NYC' }]);
    expect(updated).toMatchObject({ jobTitle: 'Analyst', firstname: 'Ada' });
  },

  'delete returns the user then 404': async (c) => {
    const created = await c.users.create(ADA);
    const deleted = await c.users.delete(created._id);
    expect(deleted).toMatchObject({ _id: created._id, username: 'ada' });
    const error = await failure(c.users.get(created._id));
    expect(error.isNotFound()).toBe(true);
  },

  'manager delete conflict and cascade': async (c) => {
    const boss = await c.users.create(ADA);
    const report = await c.users.create({ ...ALAN, manager: boss._id });
    expect(report.manager).toBe(boss._id);
    const error = await failure(c.users.delete(boss._id));
    expect(error.status).toBe(409);
    expect(error.isConflict()).toBe(true);
    await expect(c.users.delete(boss._id, { cascadeManager: 'clear' })).resolves.toMatchObject({ _id: boss._id });
  },

  'search envelope': async (c) => {
    await c.users.create(ADA);
    await c.users.create(ALAN);
    const found = await c.users.search({ filter: { and: [{ email: 'alan@example.com' }] } }, { limit: 10 });
    expectValid('systemUserList', found);
    expect(found.totalCount).toBe(1);
    expect(found.results[0]?.username).toBe('alan');
  },

  'group lifecycle': async (c) => {
    const group = await c.groups.create({ name: 'Engineering', description: 'builders' });
    expectValid('userGroup', group);
    expect(group).toMatchObject({ name: 'Engineering', description: 'builders', type: 'user_group' });
    const listed = await c.groups.listPage({ filter: ['name:eq:Engineering'] });
    expect(listed.totalCount).toBe(1);
    expect(listed.items.map((g) => g.id)).toEqual([group.id]);
    const duplicate = await failure(c.groups.create({ name: 'Engineering' }));
    expect(duplicate.status).toBe(409);
    const updated = await c.groups.update(group.id, { name: 'Engineering', description: 'makers' });
    expect(updated.description).toBe('makers');
    await c.groups.delete(group.id);
    expect((await failure(c.groups.get(group.id))).isNotFound()).toBe(true);
  },

  'members and memberof': async (c) => {
    const user = await c.users.create(ADA);
    const group = await c.groups.create({ name: 'Engineering' });
    expect(await c.members.add(group.id, user._id)).toBe('added');
    expect(await c.members.add(group.id, user._id)).toBe('already-member');
    const members = await c.members.list(group.id, { limit: 100 });
    expect(members.items).toEqual([{ attributes: null, to: { id: user._id, type: 'user', attributes: null } }]);
    for (const item of members.items) expectValid('graphConnection', item);
    const of = await c.members.memberOf(user._id, { limit: 100 });
    for (const item of of.items) expectValid('graphObjectWithPaths', item);
    expect(of.items.map((g) => g.id)).toContain(group.id);
    await c.members.remove(group.id, user._id);
    expect((await c.members.list(group.id)).items).toEqual([]);
  },

  'bad key': async (_c, target) => {
    const error = await failure(target.badKeyClient().users.listPage());
    expect(error.status).toBe(401);
    expect(error.isAuthFailure()).toBe(true);
  },

  'directory insights events': async (c) => {
    const user = await c.users.create(ADA);
    const page = await c.events.query({ service: ['directory'], start_time: '2020-01-01T00:00:00Z', sort: 'ASC', limit: 100 });
    for (const event of page.events) expectValid('event', event);
    const created = page.events.find((e) => e.event_type === 'user_create' && e.resource?.id === user._id);
    // Real events spell an API-key change `api key` (NOTES.md "Observed in real events").
    expect(created).toMatchObject({ resource: { type: 'user', id: user._id, username: 'ada' }, auth_method: 'api key' });
    expect(page.resultCount).toBe(page.events.length);
    expect(page.limit).toBe(100);
  },
};

/** Defines the contract's `it` cases against a target built once per file. */
export function defineJumpCloudClientContract(getTarget: () => ContractTarget): void {
  for (const name of CONTRACT_CASES) {
    it(name, async () => {
      const target = getTarget();
      await target.begin(name);
      await cases[name](target.client(), target);
      await target.end();
    });
  }
}
