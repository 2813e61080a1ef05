import type { JumpCloudClient, SystemUser } from '../../src/jumpcloud';
import { MANAGER_NAME_CACHE_LIMIT, ManagerNames } from '../../src/provider/manager-names';

/** A 24-hex id for user number `n`. */
const idOf = (n: number): string => n.toString(16).padStart(24, '0');

function user(n: number, manager?: number): SystemUser {
  return { _id: idOf(n), username: `u${n}`, firstname: 'First', lastname: `Last${n}`, displayname: '', ...(manager === undefined ? {} : { manager: idOf(manager) }) } as SystemUser;
}

/** A JumpCloud whose only call here is the batched manager search; it records the ids asked for. */
function jumpcloudAnswering(): { jumpcloud: JumpCloudClient; asked: string[][] } {
  const asked: string[][] = [];
  const users = {
    findByIds: async (ids: readonly string[]) => {
      asked.push([...ids]);
      return new Map(ids.map((id) => [id, { ...user(parseInt(id, 16)), displayname: `Fetched ${id}` }]));
    },
  };
  return { jumpcloud: { users } as unknown as JumpCloudClient, asked };
}

/** Pages of 100 users numbered from `first`. */
function remember(names: ManagerNames, first: number, count: number): void {
  for (let start = first; start < first + count; start += 100) {
    names.remember(Array.from({ length: Math.min(100, first + count - start) }, (_, i) => user(start + i)));
  }
}

describe('ManagerNames (manager.displayName for a page without a call per user)', () => {
  it('resolves a manager seen on an earlier page from memory, without a JumpCloud call', async () => {
    const { jumpcloud, asked } = jumpcloudAnswering();
    const names = new ManagerNames(jumpcloud);
    remember(names, 0, 300);
    const resolved = await names.resolve([user(1000, 5), user(1001, 250)]);
    expect(asked).toEqual([]);
    expect(resolved.get(idOf(5))).toBe('First Last5');
    expect(resolved.get(idOf(250))).toBe('First Last250');
  });

  it('asks JumpCloud once, batched, for the managers it has not seen', async () => {
    const { jumpcloud, asked } = jumpcloudAnswering();
    const names = new ManagerNames(jumpcloud);
    const resolved = await names.resolve([user(1, 7), user(2, 8), user(3, 7)]);
    expect(asked).toEqual([[idOf(7), idOf(8)]]);
    expect(resolved.get(idOf(8))).toBe(`Fetched ${idOf(8)}`);
    // Remembered: the next page asks nothing.
    await names.resolve([user(4, 8)]);
    expect(asked).toHaveLength(1);
  });

  it('stays bounded through a directory several times its size, keeping the most recently seen names', async () => {
    const { jumpcloud, asked } = jumpcloudAnswering();
    const names = new ManagerNames(jumpcloud);
    const seen = 3 * MANAGER_NAME_CACHE_LIMIT;
    remember(names, 0, seen);
    expect(names.size).toBeLessThanOrEqual(MANAGER_NAME_CACHE_LIMIT);
    expect(names.size).toBeGreaterThanOrEqual(MANAGER_NAME_CACHE_LIMIT * 0.8);
    // The last page seen is remembered; the first is not.
    await names.resolve([user(seen + 1, seen - 1)]);
    expect(asked).toEqual([]);
    await names.resolve([user(seen + 2, 0)]);
    expect(asked).toEqual([[idOf(0)]]);
  });

  it('keeps a name seen again among the newest, so that eviction passes it over', async () => {
    const { jumpcloud, asked } = jumpcloudAnswering();
    const names = new ManagerNames(jumpcloud);
    remember(names, 0, MANAGER_NAME_CACHE_LIMIT);
    names.remember([user(0)]);
    remember(names, MANAGER_NAME_CACHE_LIMIT, 100);
    await names.resolve([user(MANAGER_NAME_CACHE_LIMIT + 200, 0)]);
    expect(asked).toEqual([]);
    await names.resolve([user(MANAGER_NAME_CACHE_LIMIT + 201, 1)]);
    expect(asked).toEqual([[idOf(1)]]);
  });
});
