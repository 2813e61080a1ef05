import { startOrg, type Org } from '../http/scim/users-groups.fixtures';
import cases from './jumpcloud-calls.cases.json';

/** One row: a SCIM request and the JumpCloud calls it must cost ("METHOD /path", ids as `{user:ann}`, `{group:Sales}`). */
interface CallCountCase {
  operation: string;
  /** Run on a fresh bridge, before anything is cached; otherwise after one GET of another user. */
  cold?: boolean;
  request: { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body?: unknown };
  status: number;
  calls: string[];
}

/** `{user:ann}` and `{group:Sales}` replaced by the org's ids, everywhere in `value`. */
function withIds<T>(value: T, org: Org): T {
  const text = JSON.stringify(value).replace(/\{(user|group):([^}]+)\}/g, (whole, kind: 'user' | 'group', name: string) => {
    const id = (kind === 'user' ? org.user : org.group)[name as never] as string | undefined;
    if (id === undefined) throw new Error(`the org has no ${kind} ${name} (in ${whole})`);
    return id;
  });
  return JSON.parse(text) as T;
}

/**
 * The regression guard of issue 13 that counts work, not time: the JumpCloud calls each SCIM
 * operation costs, against the emulator's request log (query strings left out). A change that adds
 * a call fails here on any machine, however noisy; one that removes a call updates its row.
 * Each row gets a fresh org so no cache survives from another row; "warm" rows first GET another
 * user, so the cache of group names is loaded, as it is on a bridge that has served a request.
 */
describe('JumpCloud calls per SCIM operation', () => {
  let org: Org | undefined;
  afterEach(async () => {
    await org?.h.close();
    org = undefined;
  });

  it.each((cases as CallCountCase[]).map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    org = await startOrg();
    if (!row.cold) {
      await org.h.scim('get', `/Users/${org.user.cat}`).expect(200);
      org.h.resetRequests();
    }
    const { method, path, body } = withIds(row.request, org);
    const call = org.h.scim(method, path);
    const res = await (body === undefined ? call : call.send(body as object));
    expect(res.status).toBe(row.status);
    const made = org.h.jumpcloudRequests().map((r) => `${r.method} ${r.path}`);
    // Calls made side by side arrive in any order: compared as sorted lists.
    expect(made.sort()).toEqual(withIds(row.calls, org).sort());
  });
});
