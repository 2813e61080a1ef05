import { JumpCloudError, type SystemUser, type SystemUserSearch } from '../../src/jumpcloud';
import { UserIdLookup, type UserReads } from '../../src/jumpcloud/users-by-id';

const id = (n: number): string => n.toString(16).padStart(24, '0');
const userOf = (userId: string): SystemUser => ({ _id: userId, id: userId, username: `u${userId.slice(-4)}`, email: `${userId}@example.com` }) as SystemUser;

/** A directory of `existing` ids whose `_id` search matches ids or not; counts the calls. */
function directory(existing: string[], searchMatches: boolean, failGet?: JumpCloudError) {
  const calls = { searches: [] as number[], gets: 0, inFlight: 0, maxInFlight: 0 };
  const reads: UserReads = {
    async search(body: SystemUserSearch) {
      const wanted = ('or' in (body.filter ?? {}) ? (body.filter as { or: { _id: string }[] }).or : []).map((term) => term._id);
      calls.searches.push(wanted.length);
      const results = searchMatches ? wanted.filter((w) => existing.includes(w)).map(userOf) : [];
      return { totalCount: results.length, results };
    },
    async get(userId: string) {
      calls.gets += 1;
      calls.inFlight += 1;
      calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      calls.inFlight -= 1;
      if (failGet) throw failGet;
      if (!existing.includes(userId)) throw new JumpCloudError({ kind: 'http', status: 404, message: 'Not Found', method: 'GET', path: '/api/systemusers/{id}' });
      return userOf(userId);
    },
  };
  return { reads, calls };
}

describe('UserIdLookup', () => {
  const existing = Array.from({ length: 150 }, (_, n) => id(n + 1));
  const asked = [...existing, id(999), 'not-an-id', existing[0] as string];

  it('a search that matches ids: one search per 100 ids, no per-id read, gone ids absent', async () => {
    const { reads, calls } = directory(existing, true);
    const found = await new UserIdLookup(reads, 4).find(asked);
    expect([...found.keys()].sort()).toEqual(existing);
    expect(calls).toMatchObject({ searches: [100, 51], gets: 0 });
  });

  it('a search that matches nothing: per-id reads (bounded), then never the search again', async () => {
    const { reads, calls } = directory(existing, false);
    const lookup = new UserIdLookup(reads, 4);
    const found = await lookup.find(asked);
    expect([...found.keys()].sort()).toEqual(existing);
    expect(calls.searches).toEqual([100]);
    expect(calls.gets).toBe(151);
    expect(calls.maxInFlight).toBe(4);
    await lookup.find([existing[5] as string]);
    expect(calls.searches).toEqual([100]);
  });

  it('an empty search answer for ids that are all gone is checked, and teaches nothing', async () => {
    const { reads, calls } = directory(existing, true);
    const lookup = new UserIdLookup(reads, 4);
    expect((await lookup.find([id(998), id(999)])).size).toBe(0);
    expect(calls).toMatchObject({ searches: [2], gets: 2 });
    expect((await lookup.find([existing[0] as string])).size).toBe(1);
    expect(calls.searches).toEqual([2, 1]);
  });

  it('a per-id read that fails other than 404 fails the lookup', async () => {
    const failure = new JumpCloudError({ kind: 'http', status: 503, message: 'Service Unavailable', method: 'GET', path: '/api/systemusers/{id}' });
    const { reads } = directory(existing, false, failure);
    await expect(new UserIdLookup(reads, 2).find([existing[0] as string])).rejects.toBe(failure);
  });
});
