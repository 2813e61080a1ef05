import { CursorCodec, CursorPager, queryFingerprint } from '../../../src/scim/cursor';
import { listResponse, type ListResponse } from '../../../src/scim/list';
import { ScimError } from '../../../src/scim/scim-error';

const SECRET = 'a-cursor-signing-secret-of-32-characters!';
const codec = new CursorCodec(SECRET);

/** A fake provider over ids 1..total, honouring startIndex/count like index paging. */
function lister(total: number, calls: Record<string, unknown>[] = []) {
  return async (query: Record<string, unknown>): Promise<ListResponse<number>> => {
    calls.push(query);
    const startIndex = Number(query.startIndex ?? 1);
    const count = query.count === undefined ? 3 : Number(query.count);
    const items = Array.from({ length: total }, (_, i) => i + 1).slice(startIndex - 1, startIndex - 1 + count);
    return listResponse(items, { totalResults: total, startIndex });
  };
}

function scimErrorOf(fn: () => unknown): Promise<ScimError> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => {
        throw new Error('expected a ScimError');
      },
      (err: unknown) => {
        if (!(err instanceof ScimError)) throw err;
        return err;
      },
    );
}

describe('CursorCodec', () => {
  const position = { offset: 200, fingerprint: 'fp', expiresAt: 1_900_000_000 };

  it('round-trips a position through an unreserved-character string (RFC 9865 §2.1)', () => {
    const token = codec.encode(position);
    expect(token).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(codec.decode(token)).toEqual(position);
  });

  const token = codec.encode(position);
  const [payload = '', signature = ''] = token.split('.');
  const forged = Buffer.from(JSON.stringify([1, 0, 'fp', 1_900_000_000])).toString('base64url');
  it.each<[string, string]>([
    ['an altered payload (offset moved, old signature)', `${forged}.${signature}`],
    ['an altered signature', `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`],
    ['a truncated signature', `${payload}.${signature.slice(0, 10)}`],
    ['no signature', payload],
    ['a cursor signed with another secret', new CursorCodec('another-secret-that-is-32-chars-long!!').encode(position)],
    ['garbage', 'not a cursor'],
    ['characters outside base64url', `${payload}.${signature}=`],
    ['an over-long value', `${'A'.repeat(600)}.${signature}`],
  ])('refuses %s with invalidCursor', async (_name, value) => {
    const err = await scimErrorOf(() => codec.decode(value));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe('invalidCursor');
  });

  it('refuses a well-signed payload of the wrong shape', async () => {
    const odd = new CursorCodec(SECRET);
    // Sign a payload that is valid JSON but not a cursor, through the public encoder's format.
    const shaped = odd.encode({ offset: -1 as number, fingerprint: 'fp', expiresAt: 1 });
    expect((await scimErrorOf(() => codec.decode(shaped))).scimType).toBe('invalidCursor');
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => new CursorCodec('short')).toThrow(/at least 32 bytes/);
  });
});

describe('queryFingerprint', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, boolean]>([
    ['count and projection do not matter', { filter: 'a eq 1', count: '5' }, { filter: 'a eq 1', count: '9', attributes: 'id' }, true],
    ['parameter names and sort letter case do not matter', { FILTER: 'a eq 1', sortBy: 'userName' }, { filter: 'a eq 1', sortby: 'USERNAME', sortOrder: 'Ascending' }, true],
    ['a different filter matters', { filter: 'a eq 1' }, { filter: 'a eq 2' }, false],
    ['filter values keep their case', { filter: 'a eq "X"' }, { filter: 'a eq "x"' }, false],
    ['the sort order matters', { sortBy: 'userName' }, { sortBy: 'userName', sortOrder: 'descending' }, false],
  ])('%s', (_name, a, b, same) => {
    expect(queryFingerprint(a, 'User') === queryFingerprint(b, 'User')).toBe(same);
  });

  it('differs between resource types', () => {
    expect(queryFingerprint({}, 'User')).not.toBe(queryFingerprint({}, 'Group'));
  });
});

describe('CursorPager', () => {
  let now = 1_700_000_000_000;
  const pager = new CursorPager({ codec, ttlSeconds: 60, now: () => now });

  it('leaves a request without cursor to index paging, untouched', async () => {
    const calls: Record<string, unknown>[] = [];
    const page = await pager.page({ startIndex: '2', count: '2' }, 'User', lister(5, calls));
    expect(page).toMatchObject({ startIndex: 2, Resources: [2, 3] });
    expect(page).not.toHaveProperty('nextCursor');
    expect(calls).toEqual([{ startIndex: '2', count: '2' }]);
  });

  it('pages through every result exactly once, nextCursor absent on the last page', async () => {
    const seen: number[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await pager.page({ cursor, count: '2', filter: 'x pr' }, 'User', lister(5));
      expect(page).not.toHaveProperty('startIndex');
      expect(page.totalResults).toBe(5);
      seen.push(...page.Resources);
      if (!('nextCursor' in page) || page.nextCursor === undefined) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('asks the provider for exactly the index page the cursor stands for', async () => {
    const calls: Record<string, unknown>[] = [];
    const first = await pager.page({ Cursor: '', count: '2' }, 'User', lister(5, calls));
    await pager.page({ cursor: (first as { nextCursor: string }).nextCursor, count: '3' }, 'User', lister(5, calls));
    expect(calls).toEqual([
      { count: '2', startIndex: '1' },
      { count: '3', startIndex: '3' },
    ]);
  });

  it('answers an empty result without nextCursor', async () => {
    const page = await pager.page({ cursor: '' }, 'User', lister(0));
    expect(page).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    expect(page).not.toHaveProperty('nextCursor');
  });

  const next = async (query: Record<string, unknown>) => (await pager.page({ cursor: '', count: '1', ...query }, 'User', lister(5))) as { nextCursor: string };

  it.each<[string, () => Promise<Record<string, unknown>>, 'invalidValue' | 'invalidCursor' | 'expiredCursor']>([
    ['cursor together with startIndex', async () => ({ cursor: '', startIndex: '3' }), 'invalidValue'],
    ['cursor given twice', async () => ({ cursor: ['', ''] }), 'invalidValue'],
    ['a cursor under another filter', async () => ({ cursor: (await next({ filter: 'a eq 1' })).nextCursor, filter: 'a eq 2' }), 'invalidCursor'],
    ['a cursor under another sort', async () => ({ cursor: (await next({})).nextCursor, sortBy: 'userName' }), 'invalidCursor'],
    ['a tampered cursor', async () => ({ cursor: `${(await next({})).nextCursor}x` }), 'invalidCursor'],
  ])('refuses %s', async (_name, build, scimType) => {
    const query = await build();
    const err = await scimErrorOf(() => pager.page(query, 'User', lister(5)));
    expect([err.status, err.scimType]).toEqual([400, scimType]);
  });

  it('refuses a cursor of another resource type', async () => {
    const { nextCursor } = await next({});
    const err = await scimErrorOf(() => pager.page({ cursor: nextCursor }, 'Group', lister(5)));
    expect(err.scimType).toBe('invalidCursor');
  });

  it('accepts a cursor until its lifetime ends, then answers expiredCursor', async () => {
    const { nextCursor } = await next({});
    now += 60_000;
    await expect(pager.page({ cursor: nextCursor }, 'User', lister(5))).resolves.toMatchObject({ Resources: [2, 3, 4] });
    now += 1_000;
    const err = await scimErrorOf(() => pager.page({ cursor: nextCursor }, 'User', lister(5)));
    expect([err.status, err.scimType]).toEqual([400, 'expiredCursor']);
    expect(err.message).toMatch(/60 seconds/);
  });

  it('reports tampering before expiry', async () => {
    const { nextCursor } = await next({});
    now += 3_600_000;
    expect((await scimErrorOf(() => pager.page({ cursor: `${nextCursor}A` }, 'User', lister(5)))).scimType).toBe('invalidCursor');
  });
});
