import { MAX_BULK_DATA_DEPTH, nestedDeeperThan, orderBulkOperations, parseBulkRequest, runBulk, type BulkExecutor, type ExecutableOperation } from '../../../src/scim/bulk';
import { ScimError } from '../../../src/scim/scim-error';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const LIMITS = { maxOperations: 5 };
const user = (bulkId: string, extra: Record<string, unknown> = {}) => ({ method: 'POST', path: '/Users', bulkId, data: { userName: bulkId, ...extra } });
const group = (bulkId: string, members: string[]) => ({ method: 'POST', path: '/Groups', bulkId, data: { displayName: bulkId, members: members.map((value) => ({ value })) } });

function refusal(body: unknown): ScimError {
  try {
    parseBulkRequest(body, LIMITS);
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseBulkRequest (RFC 7644 §3.7)', () => {
  it.each<[string, unknown, number, string | undefined, RegExp]>([
    ['a body that is not an object', [], 400, 'invalidSyntax', /must be a JSON object, a BulkRequest/],
    ['the wrong schemas URN', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }, 400, 'invalidSyntax', /'schemas' must be an array listing/],
    ['no Operations', { schemas: [BULK] }, 400, 'invalidSyntax', /needs 'Operations'/],
    ['Operations as an object', { Operations: {} }, 400, 'invalidSyntax', /needs 'Operations'/],
    ['failOnErrors 0', { failOnErrors: 0, Operations: [] }, 400, 'invalidValue', /'failOnErrors' must be an integer >= 1.*got 0/],
    ['failOnErrors as a string', { failOnErrors: '1', Operations: [] }, 400, 'invalidValue', /got "1"/],
    ['a bulkId used twice', { Operations: [user('a'), user('b'), user('a')] }, 400, 'invalidValue', /bulkId "a" is used by Operations\[0\] and Operations\[2\]/],
    ['more operations than maxOperations (§3.7.4)', { Operations: Array.from({ length: 6 }, (_, i) => user(`u${i}`)) }, 413, undefined, /carries 6 operations; this service accepts at most 5/],
  ])('refuses %s', (_name, body, status, scimType, detail) => {
    const err = refusal(body);
    expect([err.status, err.scimType]).toEqual([status, scimType]);
    expect(err.message).toMatch(detail);
  });

  it('reads a valid request, members and methods in any letter case, schemas optional', () => {
    const request = parseBulkRequest({ FailOnErrors: 2, operations: [{ METHOD: 'patch', Path: '/Users/1', version: 'W/"x"', data: { Operations: [] } }, { method: 'delete', path: '/Users/2' }] }, LIMITS);
    expect(request).toEqual({
      failOnErrors: 2,
      operations: [
        { index: 0, method: 'PATCH', path: '/Users/1', version: 'W/"x"', data: { Operations: [] } },
        { index: 1, method: 'DELETE', path: '/Users/2' },
      ],
    });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['an operation that is not an object', 'POST /Users', 'invalidSyntax', /Operations\[0\] must be an object/],
    ['an unknown method', { method: 'GET', path: '/Users/1' }, 'invalidValue', /'method' must be one of POST, PUT, PATCH, DELETE; got "GET"/],
    ['a missing path', { method: 'DELETE' }, 'invalidSyntax', /'path' must be a resource path/],
    ['a POST without bulkId', { method: 'POST', path: '/Users', data: {} }, 'invalidSyntax', /a POST operation needs a 'bulkId'/],
    ['a PUT without data', { method: 'PUT', path: '/Users/1' }, 'invalidSyntax', /a PUT operation needs 'data'/],
    ['a numeric bulkId', { method: 'POST', bulkId: 7, path: '/Users', data: {} }, 'invalidValue', /'bulkId' must be a non-empty string/],
  ])('marks %s as that operation\'s own problem', (_name, operation, scimType, detail) => {
    const { operations } = parseBulkRequest({ Operations: [operation, { method: 'DELETE', path: '/Users/2' }] }, LIMITS);
    expect(operations[0]?.problem).toMatchObject({ status: 400, scimType, message: expect.stringMatching(detail) });
    expect(operations[1]?.problem).toBeUndefined();
  });
});

describe('orderBulkOperations', () => {
  const plan = (ops: unknown[]) => orderBulkOperations(parseBulkRequest({ Operations: ops }, { maxOperations: 100 }).operations);

  it.each<[string, unknown[], number[], number[]]>([
    ['independent operations keep the request order', [user('a'), user('b'), { method: 'DELETE', path: '/Users/1' }], [0, 1, 2], []],
    ['a group listed before the users it names runs after them', [group('g', ['bulkId:u1', 'bulkId:u2']), user('u1'), user('u2')], [1, 2, 0], []],
    ['a reference in the path (PATCH of a user created later)', [{ method: 'PATCH', path: '/Users/bulkId:u1', data: { Operations: [] } }, user('u1')], [1, 0], []],
    ['a chain listed backwards', [group('g3', ['bulkId:g2']), group('g2', ['bulkId:g1']), group('g1', [])], [2, 1, 0], []],
    ['a manager reference nested deep in data', [user('e', { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'bulkId:m' } } }), user('m')], [1, 0], []],
    ['a reference nobody defines is left to fail when run', [group('g', ['bulkId:nobody'])], [0], []],
    ['a text merely containing bulkId: is data', [user('a', { title: 'see bulkId:b please' }), user('b')], [0, 1], []],
    ['a two-operation cycle', [group('a', ['bulkId:b']), group('b', ['bulkId:a']), user('c')], [1, 0, 2], [0, 1]],
    ['a POST naming its own bulkId', [group('self', ['bulkId:self'])], [0], [0]],
    ['a dependant of a cycle runs after it, and is not on it', [group('d', ['bulkId:a']), group('a', ['bulkId:b']), group('b', ['bulkId:a'])], [2, 1, 0], [1, 2]],
  ])('%s', (_name, ops, order, onCycle) => {
    const result = plan(ops);
    expect(result.order).toEqual(order);
    expect([...result.cycles.keys()].sort()).toEqual(onCycle);
  });

  it('names the cycle by bulkIds', () => {
    expect(plan([group('a', ['bulkId:b']), group('b', ['bulkId:a'])]).cycles.get(0)).toEqual(['a', 'b', 'a']);
  });

  it('orders a long chain without recursion limits', () => {
    const ops = Array.from({ length: 50 }, (_, i) => group(`g${i}`, i + 1 < 50 ? [`bulkId:g${i + 1}`] : []));
    expect(plan(ops).order).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
  });
});

/** An executor over an in-memory store: ids `id-<n>`; a data.fail makes that operation fail. */
function fakeExecutor() {
  const executed: ExecutableOperation[] = [];
  let next = 0;
  const executor: BulkExecutor = {
    locate: (endpoint, id) => `https://scim.test/${endpoint}/${id}`,
    execute: async (operation) => {
      executed.push(operation);
      if (operation.data?.fail === 'scim') throw ScimError.of('uniqueness', 'userName taken');
      if (operation.data?.fail === 'bug') throw new TypeError('boom');
      if (operation.method === 'POST') {
        next += 1;
        return { status: 201, id: `id-${next}`, location: `https://scim.test/${operation.endpoint}/id-${next}`, version: `W/"v${next}"` };
      }
      return { status: operation.method === 'DELETE' ? 204 : 200 };
    },
  };
  return { executor, executed };
}

describe('runBulk', () => {
  const run = (body: Record<string, unknown>) => {
    const fake = fakeExecutor();
    return runBulk(parseBulkRequest(body, { maxOperations: 100 }), fake.executor).then((response) => ({ ...fake, response }));
  };

  it('creates the users first and gives the group their ids; results in request order', async () => {
    const { response, executed } = await run({ Operations: [group('g', ['bulkId:u1', 'bulkId:u2']), user('u1'), user('u2')] });
    expect(executed.map((op) => op.endpoint)).toEqual(['Users', 'Users', 'Groups']);
    expect(executed[2]?.data).toEqual({ displayName: 'g', members: [{ value: 'id-1' }, { value: 'id-2' }] });
    expect(response).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'],
      Operations: [
        { location: 'https://scim.test/Groups/id-3', method: 'POST', bulkId: 'g', version: 'W/"v3"', status: '201' },
        { location: 'https://scim.test/Users/id-1', method: 'POST', bulkId: 'u1', version: 'W/"v1"', status: '201' },
        { location: 'https://scim.test/Users/id-2', method: 'POST', bulkId: 'u2', version: 'W/"v2"', status: '201' },
      ],
    });
  });

  it('resolves a reference in the path and passes version as the precondition', async () => {
    const { executed, response } = await run({ Operations: [{ method: 'DELETE', path: '/Users/bulkId:u', version: 'W/"v1"' }, user('u')] });
    expect(executed[1]).toEqual({ method: 'DELETE', endpoint: 'Users', id: 'id-1', version: 'W/"v1"' });
    expect(response.Operations[0]).toEqual({ location: 'https://scim.test/Users/id-1', method: 'DELETE', status: '204' });
  });

  it('fails each operation of a cycle with 409, and what depends on it, without calling anything for them', async () => {
    const { executed, response } = await run({ Operations: [group('a', ['bulkId:b']), group('b', ['bulkId:a']), group('d', ['bulkId:a']), user('ok')] });
    expect(executed.map((op) => op.data?.userName ?? op.data?.displayName)).toEqual(['ok']);
    expect(response.Operations.map((op) => op.status)).toEqual(['409', '409', '409', '201']);
    expect(response.Operations[0]?.response?.detail).toMatch(/Operations\[0\] is part of a circular bulkId reference \(bulkId:a -> bulkId:b -> bulkId:a\).*RFC 7644 §3.7.1/);
    expect(response.Operations[2]?.response?.detail).toMatch(/refers to bulkId:a, whose operation failed/);
  });

  it('fails an operation naming a bulkId no POST defines, and one whose POST failed', async () => {
    const { response } = await run({ Operations: [group('g', ['bulkId:ghost']), user('bad', { fail: 'scim' }), group('h', ['bulkId:bad'])] });
    expect(response.Operations.map((op) => [op.status, op.response?.detail])).toEqual([
      ['409', expect.stringMatching(/bulkId:ghost, which no POST operation of this request defines/)],
      ['409', 'userName taken'],
      ['409', expect.stringMatching(/bulkId:bad, whose operation failed/)],
    ]);
    expect(response.Operations[1]?.response).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'userName taken' });
  });

  it('stops after failOnErrors errors: later operations are not attempted nor answered', async () => {
    const { executed, response } = await run({ failOnErrors: 2, Operations: [user('a', { fail: 'scim' }), user('b'), user('c', { fail: 'scim' }), user('d'), user('e')] });
    expect(executed.map((op) => op.data?.userName)).toEqual(['a', 'b', 'c']);
    expect(response.Operations.map((op) => `${op.bulkId}:${op.status}`)).toEqual(['a:409', 'b:201', 'c:409']);
  });

  it('without failOnErrors every operation is attempted', async () => {
    const { response } = await run({ Operations: [user('a', { fail: 'scim' }), user('b', { fail: 'scim' }), user('c')] });
    expect(response.Operations.map((op) => op.status)).toEqual(['409', '409', '201']);
  });

  it('a failure that is no ScimError is that operation\'s 500, the others still run', async () => {
    const { response } = await run({ Operations: [user('a', { fail: 'bug' }), user('b')] });
    expect(response.Operations.map((op) => op.status)).toEqual(['500', '201']);
    expect(response.Operations[0]?.response?.detail).toBe('Operations[0] failed inside this service; the other operations are unaffected.');
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a POST to a resource', { method: 'POST', bulkId: 'x', path: '/Users/123', data: {} }, /a POST goes to the resource type endpoint \("\/Users"\)/],
    ['a PUT without id', { method: 'PUT', path: '/Users', data: {} }, /a PUT needs the resource in its path \("\/Users\/\{id\}"\)/],
    ['a nested path', { method: 'DELETE', path: '/Users/1/extra' }, /'path' must be "\/\{resource type\}" for POST/],
  ])('refuses %s as that operation\'s 400', async (_name, operation, detail) => {
    const { response, executed } = await run({ Operations: [operation] });
    expect(executed).toEqual([]);
    expect(response.Operations[0]).toMatchObject({ status: '400', response: { scimType: 'invalidValue', detail: expect.stringMatching(detail) } });
  });

  it.each<[string, string]>([
    ['a lone percent sign', '/Users/%'],
    ['a truncated escape', '/Users/%4'],
    ['an escape that is no hex', '/Users/%zz'],
    ['an escape that is no UTF-8', '/Users/%C0%AE'],
    ['a lone surrogate', '/Users/\ud800'],
    ['a lone surrogate behind a valid escape', '/Users/%41\udc00'],
  ])('answers %s in a path as that operation\'s 400, after a POST it keeps answering 201', async (_name, path) => {
    const { response, executed } = await run({ Operations: [user('u'), { method: 'DELETE', path }] });
    expect(executed.map((op) => op.method)).toEqual(['POST']);
    expect(response.Operations[0]).toEqual({ location: 'https://scim.test/Users/id-1', method: 'POST', bulkId: 'u', version: 'W/"v1"', status: '201' });
    expect(response.Operations[1]).toMatchObject({ method: 'DELETE', status: '400', response: { scimType: 'invalidValue', detail: expect.stringMatching(/^Operations\[1\]: the id in 'path' is not valid percent-encoded UTF-8 \(RFC 3986 §2\.1, §2\.5\)/) } });
    expect(response.Operations[1]).not.toHaveProperty('location');
  });

  it.each<[string, (inner: unknown) => unknown]>([
    ['objects', (inner) => ({ a: inner })],
    ['arrays', (inner) => [inner]],
  ])('answers data nested deeper than MAX_BULK_DATA_DEPTH in %s as that operation\'s 400, the others still run', async (_name, wrap) => {
    const nest = (levels: number): unknown => {
      let value: unknown = 'bulkId:u';
      for (let level = 0; level < levels; level += 1) value = wrap(value);
      return value;
    };
    const deepest = { displayName: 'deep', extra: nest(MAX_BULK_DATA_DEPTH) };
    const deepEnough = { displayName: 'fine', extra: nest(MAX_BULK_DATA_DEPTH - 1) };
    const { response, executed } = await run({
      Operations: [user('u'), { method: 'POST', path: '/Groups', bulkId: 'far', data: { displayName: 'far', extra: nest(100_000) } }, { method: 'POST', path: '/Groups', bulkId: 'deep', data: deepest }, { method: 'POST', path: '/Groups', bulkId: 'fine', data: deepEnough }],
    });
    expect(response.Operations.map((op) => `${op.bulkId}:${op.status}`)).toEqual(['u:201', 'far:400', 'deep:400', 'fine:201']);
    expect(response.Operations[1]?.response).toMatchObject({ scimType: 'invalidValue', detail: `Operations[1]: 'data' is nested deeper than ${MAX_BULK_DATA_DEPTH} levels of objects and arrays, more than any SCIM resource or PatchOp needs; flatten it.` });
    expect(executed.map((op) => op.data?.displayName ?? op.data?.userName)).toEqual(['u', 'fine']);
    expect(JSON.stringify(executed[1]?.data)).toContain('"id-1"');
  });

  it('a throw outside the executor call (here locate) is that operation\'s 500; the POST before it keeps its 201', async () => {
    const fake = fakeExecutor();
    const reported: unknown[] = [];
    const executor: BulkExecutor = {
      ...fake.executor,
      locate: (endpoint, id) => {
        if (id === 'boom') throw new TypeError('locate bug');
        return fake.executor.locate(endpoint, id);
      },
      unexpected: (err) => reported.push(err),
    };
    const response = await runBulk(parseBulkRequest({ Operations: [user('u'), { method: 'DELETE', path: '/Users/boom' }, { method: 'DELETE', path: '/Users/7' }] }, { maxOperations: 10 }), executor);
    expect(response.Operations.map((op) => op.status)).toEqual(['201', '500', '204']);
    expect(response.Operations[0]).toMatchObject({ location: 'https://scim.test/Users/id-1', bulkId: 'u' });
    expect(response.Operations[1]).toEqual({ method: 'DELETE', status: '500', response: expect.objectContaining({ detail: 'Operations[1] failed inside this service; the other operations are unaffected.' }) });
    expect(reported).toEqual([new TypeError('locate bug')]);
  });

  it('answers a failed PUT with the location it addressed', async () => {
    const { response } = await run({ Operations: [{ method: 'PUT', path: '/Users/42', data: { fail: 'scim' } }] });
    expect(response.Operations[0]).toMatchObject({ location: 'https://scim.test/Users/42', method: 'PUT', status: '409' });
  });
});

describe('nestedDeeperThan', () => {
  it.each<[string, unknown, number, boolean]>([
    ['a string at bound 0', 'x', 0, false],
    ['an empty object at bound 1', {}, 1, false],
    ['an empty object at bound 0', {}, 0, true],
    ['an array in an object at bound 2', { a: [] }, 2, false],
    ['an array in an object at bound 1', { a: [] }, 1, true],
    ['the deepest of several branches', { a: 'x', b: [1, { c: { d: {} } }] }, 3, true],
  ])('%s -> %s', (_name, value, max, expected) => {
    expect(nestedDeeperThan(value, max)).toBe(expected);
  });

  it('answers a value nested 100,000 deep without overflowing the stack', () => {
    let value: unknown = null;
    for (let level = 0; level < 100_000; level += 1) value = [value];
    expect(nestedDeeperThan(value, MAX_BULK_DATA_DEPTH)).toBe(true);
  });
});
