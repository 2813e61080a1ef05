import type { Actor } from '../../../emulator/context';
import { DEFAULT_OPTIONS } from '../../../emulator/default-options';
import { GroupStore } from '../../../emulator/groups/group-store';
import { InMemoryMutationBus } from '../../../emulator/mutation-bus';
import { createObjectIdGenerator } from '../../../emulator/object-id';
import { seedDirectory } from '../../../emulator/seed';
import { UserStore } from '../../../emulator/users/user-store';

const actor: Actor = { authMethod: 'api-key', initiatedBy: { type: 'admin', id: 'a'.repeat(24), email: 'admin@example.com' } };
const TOTAL = 100_000;

// Work is counted (records the store examines), never timed: the point is that an indexed
// lookup and an _id-order page cost O(page), not O(directory).
describe('UserStore at 100,000 users', () => {
  const bus = new InMemoryMutationBus();
  const now = () => new Date();
  const newObjectId = createObjectIdGenerator(now);
  const options = { ...DEFAULT_OPTIONS, apiKey: 'k' };
  const users = new UserStore({ bus, now, newObjectId, options });
  const groups = new GroupStore({ users, bus, now, newObjectId, options });

  beforeAll(() => {
    expect(seedDirectory({ generate: { users: TOTAL, usernamePrefix: 'u' } }, { users, groups, actor })).toEqual({ users: TOTAL, groups: 0 });
  });

  afterAll(() => groups.close());

  function examined(run: () => unknown): number {
    const before = users.work.examined;
    run();
    return users.work.examined - before;
  }

  it('holds every generated user, in _id order', () => {
    expect(users.count()).toBe(TOTAL);
    const ids = users.idsInOrder(0, TOTAL);
    expect(ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id)).toBe(true);
  });

  it('answers username:$eq from the index, examining one record', () => {
    let page: ReturnType<UserStore['query']> | undefined;
    const work = examined(() => {
      page = users.query({ filter: { kind: 'compare', field: 'username', op: '$eq', value: 'u077777' }, sort: [], skip: 0, limit: 10 });
    });
    expect(page?.totalCount).toBe(1);
    expect(page?.results[0]?.email).toBe('u077777@example.com');
    expect(work).toBe(1);
  });

  it('answers email $eq and an OR of lookups from indexes', () => {
    expect(examined(() => users.query({ filter: { kind: 'compare', field: 'email', op: '$eq', value: 'u000042@example.com' }, sort: [], skip: 0, limit: 10 }))).toBe(1);
    const or = { kind: 'or' as const, filters: ['u000001', 'u099999'].map((value) => ({ kind: 'compare' as const, field: 'username', op: '$eq' as const, value })) };
    let total = 0;
    expect(examined(() => (total = users.query({ filter: or, sort: [], skip: 0, limit: 10 }).totalCount))).toBe(2);
    expect(total).toBe(2);
  });

  it('pages deep in _id order examining only the page', () => {
    let page: ReturnType<UserStore['query']> | undefined;
    const work = examined(() => {
      page = users.query({ sort: [{ field: '_id', descending: false }], skip: 50_000, limit: 100 });
    });
    expect(work).toBe(100);
    expect(page?.totalCount).toBe(TOTAL);
    expect(page?.results[0]?.username).toBe('u050001');
    expect(examined(() => users.query({ sort: [], skip: 99_990, limit: 100 }))).toBe(10);
    const last = users.query({ sort: [{ field: '_id', descending: true }], skip: 0, limit: 1 });
    expect(last.results[0]?.username).toBe('u100000');
  });

  it('scans for an unindexed filter (and says so in its count)', () => {
    expect(examined(() => users.query({ filter: { kind: 'compare', field: 'lastname', op: '$eq', value: 'User 000001' }, sort: [], skip: 0, limit: 10 }))).toBe(TOTAL);
  });
});
