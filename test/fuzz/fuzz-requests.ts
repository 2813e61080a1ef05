import fc from 'fast-check';
import type { RawRequest } from './raw-http';
import { BULK_REQUEST, CORE_GROUP, CORE_USER, ENTERPRISE_USER, PATCH_OP, SEARCH_REQUEST, type FuzzContext, type SchemaAttribute } from './fuzz-context';
import { hostileFilter } from './hostile-filters';
import { anyJson, deepJsonText, deepNesting, encodeAny, fuzzPassword, hostileOrLongString, hostileString } from './hostile-values';

/** One generated request and the family it comes from (for the report). */
export interface FuzzCase {
  family: string;
  request: RawRequest;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request with the valid bearer token and the SCIM media type unless the family says otherwise. */
function scimRequest(ctx: FuzzContext, method: string, path: string, body?: string | Buffer, headers: [string, string][] = []): RawRequest {
  const base: [string, string][] = [['Authorization', `Bearer ${ctx.bearerToken}`]];
  if (body !== undefined) base.push(['Content-Type', 'application/scim+json']);
  const overridden = new Set(headers.map(([name]) => name.toLowerCase()));
  return {
    method,
    target: `${ctx.base}${path}`,
    headers: [...base.filter(([name]) => !overridden.has(name.toLowerCase())), ...headers],
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

/** A value of the wrong JSON type for `attribute` (or a malformed one of the right type). */
function wrongValueFor(attribute: SchemaAttribute): fc.Arbitrary<unknown> {
  const scalarWrong: fc.Arbitrary<unknown> =
    attribute.type === 'string' || attribute.type === 'reference' || attribute.type === 'binary'
      ? fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(hostileString, anyJson, { maxKeys: 2 }), fc.array(fc.integer(), { maxLength: 2 }), hostileOrLongString)
      : attribute.type === 'boolean'
        ? fc.oneof(fc.constantFrom('true', 'false', 'yes', 1, 0, null, 'True'), hostileString)
        : attribute.type === 'dateTime'
          ? fc.oneof(fc.constantFrom('2024-02-30T00:00:00Z', 'yesterday', '', 1700000000, '2024-01-01'), hostileString)
          : attribute.type === 'integer' || attribute.type === 'decimal'
            ? fc.oneof(fc.constantFrom('1', 1.5, Number.POSITIVE_INFINITY, -0, Number.MAX_SAFE_INTEGER + 2, null), hostileString)
            : fc.oneof(hostileString, fc.integer(), fc.array(hostileString, { maxLength: 2 }), fc.constant(null), fc.dictionary(hostileString, anyJson, { maxKeys: 3 }));
  if (!attribute.multiValued) return scalarWrong;
  // Multi-valued: not an array, an array of the wrong items, or far too many items.
  return fc.oneof(
    scalarWrong,
    fc.array(scalarWrong, { maxLength: 3 }),
    fc.array(fc.record({ value: anyJson, type: anyJson, primary: anyJson }, { requiredKeys: [] }), { maxLength: 3 }),
    fc.integer({ min: 90, max: 400 }).map((count) => Array.from({ length: count }, (_, n) => ({ value: `v${n}@example.com`, type: 'work' }))),
  );
}

/** One attribute of `kind` (any schema, sub-attributes included) with a wrong value. */
function wrongAttribute(ctx: FuzzContext, kind: 'User' | 'Group'): fc.Arbitrary<{ schema: string; name: string; sub?: string; value: unknown }> {
  const attributes = ctx.attributes[kind];
  return fc.constantFrom(...attributes).chain(({ schema, attribute }) => {
    const subs = attribute.subAttributes ?? [];
    const target = subs.length > 0 ? fc.oneof(fc.constant(undefined), fc.constantFrom(...subs)) : fc.constant(undefined);
    return target.chain((sub) => wrongValueFor(sub ?? attribute).map((value) => ({ schema, name: attribute.name, sub: sub?.name, value })));
  });
}

/** A valid-looking User body for creates, carrying one wrong attribute, an unknown one, or none. */
function userBody(ctx: FuzzContext, faulty: boolean): fc.Arbitrary<Record<string, unknown>> {
  const base = fc.record({ local: fc.stringMatching(/^fz[a-z0-9]{6,10}$/), password: fuzzPassword, title: fc.option(hostileString, { nil: undefined }) }).map(({ local, password, title }) => ({
    schemas: [CORE_USER, ENTERPRISE_USER],
    userName: `${local}@example.com`,
    name: { givenName: 'Fuzz', familyName: local },
    emails: [{ value: `${local}@example.com`, type: 'work', primary: true }],
    password,
    ...(title === undefined ? {} : { title }),
  }));
  if (!faulty) return base;
  return fc.tuple(base, wrongAttribute(ctx, 'User'), fc.option(fc.tuple(hostileString, anyJson), { nil: undefined })).map(([body, wrong, unknown]) => {
    const out: Record<string, unknown> = { ...body };
    const holder = wrong.schema === CORE_USER ? out : ((out[wrong.schema] as Record<string, unknown> | undefined) ?? (out[wrong.schema] = {}) as Record<string, unknown>);
    if (wrong.sub) holder[wrong.name] = { ...(holder[wrong.name] as object | undefined), [wrong.sub]: wrong.value };
    else holder[wrong.name] = wrong.value;
    if (unknown) out[unknown[0]] = unknown[1];
    return out;
  });
}

function groupBody(ctx: FuzzContext): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.stringMatching(/^Fuzz [A-Za-z0-9]{4,8}$/), wrongAttribute(ctx, 'Group'), fc.boolean()).map(([displayName, wrong, addWrong]) => {
    const body: Record<string, unknown> = { schemas: [CORE_GROUP], displayName };
    if (addWrong) body[wrong.name] = wrong.sub ? [{ [wrong.sub]: wrong.value }] : wrong.value;
    return body;
  });
}

/** Ids a client could send: real ones, well-formed unknown ones, and hostile ones. */
function hostileId(ctx: FuzzContext, kind: 'User' | 'Group'): fc.Arbitrary<string> {
  const real = kind === 'User' ? ctx.userIds : ctx.groupIds;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...real), weight: 3 },
    { arbitrary: fc.stringMatching(/^[0-9a-f]{24}$/), weight: 1 },
    { arbitrary: fc.constantFrom('%', '%FF', '%C0%AE', '%zz', '%2e%2e', '..', '%2F..%2Fadmin', 'bulkId:x', '%00', '%E2%80%AE', '5f1b2c3d4e5f6a7b8c9d0e1F', '5f1b2c3d4e5f6a7b8c9d0e1', '$where'), weight: 2 },
    { arbitrary: hostileString.map((text) => encodeAny(text)), weight: 2 },
  );
}

/** A PATCH operation list: wrong ops, paths and values, sometimes right. */
function patchOperations(ctx: FuzzContext, kind: 'User' | 'Group'): fc.Arbitrary<unknown> {
  const attributes = ctx.attributes[kind].map(({ schema, attribute }) => (schema.includes(':core:') ? attribute.name : `${schema}:${attribute.name}`));
  const path = fc.oneof(
    fc.constantFrom(...attributes),
    fc.constantFrom('members[value eq "x"]', 'members[value eq "64a1b2c3d4e5f6a7b8c9d0e1"]', 'emails[type eq "work"].value', 'emails[type eq "work"', 'name.givenName', 'password', 'members', 'groups', 'id', 'meta.created', 'schemas', '', 'a.b.c.d'),
    hostileFilter.map((filter) => `emails[${filter}]`),
    hostileString,
  );
  const value = fc.oneof(anyJson, deepNesting, fc.array(fc.record({ value: fc.oneof(fc.constantFrom(...ctx.userIds), hostileString) }), { maxLength: 3 }));
  const op = fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'Add', 'REPLACE', 'move', 'copy', 'test', ''), anyJson);
  // Passwords (marked, see PASSWORD_MARKER) go only where a password goes, so that any echo of one
  // is a leak: the password path, or a path-less value object.
  const operation = fc.oneof(
    { arbitrary: fc.record({ op, path, value }, { requiredKeys: ['op'] }), weight: 8 },
    { arbitrary: fc.record({ op, path: fc.constantFrom('password', 'PASSWORD', `${CORE_USER}:password`), value: fuzzPassword }), weight: 1 },
    { arbitrary: fc.record({ op, value: fc.record({ password: fuzzPassword, title: hostileString }, { requiredKeys: ['password'] }) }), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.array(operation, { maxLength: 4 }), weight: 6 },
    { arbitrary: fc.constantFrom(null, {}, 'add', [[]], [null]), weight: 1 },
    { arbitrary: deepNesting, weight: 1 },
  );
}

/** Malformed JSON, wrong top-level types and truncated bodies. */
const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', '}', '[', '{"schemas":', '{"a":1,}', "{'a':1}", 'null', 'true', '123', '"text"', '[]', '{"__proto__":{"admin":true}}', '\ufeff{}', '{"a":"\\ud800"}', 'NaN', '{"a":1}{"b":2}'),
  hostileOrLongString,
  deepJsonText,
  fc.jsonValue({ maxDepth: 2 }).map((value) => json(value).slice(0, -1)),
);

/** Paging and sorting parameters a client could send. */
const pagingQuery: fc.Arbitrary<string> = fc
  .record(
    {
      startIndex: fc.oneof(fc.integer({ min: -5, max: 20_000 }).map(String), fc.constantFrom('0', '-1', '1.5', '1e3', '9007199254740993', '99999999999999999999999', 'abc', '', '0x10', ' 2')),
      count: fc.oneof(fc.integer({ min: -5, max: 5_000 }).map(String), fc.constantFrom('-0', '1.0', 'NaN', 'Infinity', '')),
      sortBy: fc.oneof(fc.constantFrom('userName', 'displayName', 'name.familyName', 'emails.value', 'meta.lastModified', 'groups', 'members', 'x'), hostileString),
      sortOrder: fc.oneof(fc.constantFrom('ascending', 'descending', 'DESCENDING', 'up'), hostileString),
      attributes: fc.oneof(fc.constantFrom('userName', 'emails,groups', 'members', 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', ',,'), hostileString),
      excludedAttributes: fc.oneof(fc.constantFrom('groups', 'members', 'id', 'schemas'), hostileString),
      cursor: fc.oneof(fc.constant(''), hostileString, fc.base64String({ maxLength: 80 })),
      filter: hostileFilter,
    },
    { requiredKeys: [] },
  )
  .chain((params) =>
    fc.boolean().map((repeat) => {
      const pairs = Object.entries(params).map(([key, value]) => `${key}=${encodeAny(value)}`);
      // Sometimes a parameter twice, or raw (unencoded) text in the query.
      if (repeat && pairs.length > 0) pairs.push(pairs[0] as string);
      return pairs.join('&');
    }),
  );

/** Bulk bodies: garbage, cycles of bulkId references, deep data, bad methods and paths. */
function bulkBody(ctx: FuzzContext): fc.Arbitrary<unknown> {
  const operation = fc.record(
    {
      method: fc.oneof(fc.constantFrom<string>('POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'post', ''), hostileString),
      bulkId: fc.oneof(fc.constantFrom('a', 'b', 'c'), hostileString),
      path: fc.oneof(fc.constantFrom('/Users', '/Groups', '/Users/%', '/Users/bulkId:a', '/Groups/bulkId:b', '/Users/../admin', '/Bulk'), hostileId(ctx, 'User').map((id) => `/Users/${id}`), hostileString),
      data: fc.oneof(
        userBody(ctx, true) as fc.Arbitrary<unknown>,
        fc.constant({ schemas: [CORE_USER], userName: 'cyc@example.com', [ENTERPRISE_USER]: { manager: { value: 'bulkId:b' } } }),
        fc.constant({ schemas: [CORE_GROUP], displayName: 'Cycle', members: [{ value: 'bulkId:a' }, { value: 'bulkId:c' }] }),
        fc.constant({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:a' }] }] }),
        deepNesting,
        anyJson,
      ),
      version: hostileString,
    },
    { requiredKeys: ['method'] },
  );
  return fc.oneof(
    { arbitrary: fc.record({ schemas: fc.constantFrom([BULK_REQUEST], [], ['x']), failOnErrors: fc.oneof(fc.integer({ min: -1, max: 3 }), anyJson), Operations: fc.array(operation, { maxLength: 5 }) }, { requiredKeys: ['Operations'] }), weight: 5 },
    { arbitrary: anyJson, weight: 1 },
  );
}

/** Hostile header sets for an otherwise ordinary request. */
function hostileHeaders(ctx: FuzzContext): fc.Arbitrary<[string, string][]> {
  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const authorization = fc.constantFrom(
    '',
    'Bearer',
    'Bearer ',
    `Bearer  ${ctx.bearerToken}`,
    `bearer ${ctx.bearerToken}`,
    `Bearer ${ctx.bearerToken}x`,
    `Bearer ${ctx.bearerToken.slice(0, -1)}`,
    `Bearer ${ctx.adminToken}`,
    'Basic',
    'Basic !!!',
    basic(ctx.basic.username, `${ctx.basic.password}x`),
    basic(ctx.basic.username, ctx.basic.password),
    basic('', ''),
    `Token ${ctx.bearerToken}`,
    `Bearer ${'a'.repeat(9_000)}`,
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  );
  const header = fc.oneof(
    authorization.map((value): [string, string] => ['Authorization', value]),
    fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/scim+json; charset=latin1', '', 'application/scim+json; charset=', '*/*', 'application/x-www-form-urlencoded').map((value): [string, string] => ['Content-Type', value]),
    fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x-unknown', 'GZIP').map((value): [string, string] => ['Content-Encoding', value]),
    fc.constantFrom('application/xml', '*/*', 'text/html', 'application/scim+json;q=0', '', ';;;').map((value): [string, string] => ['Accept', value]),
    fc.constantFrom('evil.example', '127.0.0.1:1', '', '[::1', 'a'.repeat(2_000), 'localhost:99999', '127.0.0.1\u00ff').map((value): [string, string] => ['Host', value]),
    fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', '', '1.2.3.4, '.repeat(300)).map((value): [string, string] => ['X-Forwarded-For', value]),
    fc.constantFrom('W/"x"', '*', '"', 'W/', '', 'W/"' + 'a'.repeat(5_000) + '"').map((value): [string, string] => ['If-Match', value]),
    fc.constantFrom('100-continue', 'garbage').map((value): [string, string] => ['Expect', value]),
    hostileString.map((value): [string, string] => ['X-Request-Id', value.replace(/[\r\n]/g, '')]),
  );
  return fc.array(header, { minLength: 1, maxLength: 3 });
}

/** Requests whose framing is wrong: bad chunk sizes, conflicting lengths, truncated bodies. */
function badFraming(ctx: FuzzContext): fc.Arbitrary<RawRequest> {
  const auth: [string, string] = ['Authorization', `Bearer ${ctx.bearerToken}`];
  const type: [string, string] = ['Content-Type', 'application/scim+json'];
  const target = `${ctx.base}/Users`;
  return fc.constantFrom<RawRequest>(
    { method: 'POST', target, headers: [auth, type, ['Transfer-Encoding', 'chunked']], body: Buffer.from('zz\r\n{}\r\n0\r\n\r\n') },
    { method: 'POST', target, headers: [auth, type, ['Transfer-Encoding', 'chunked']], body: Buffer.from('5\r\n{"a":\r\n') },
    { method: 'POST', target, headers: [auth, type, ['Transfer-Encoding', 'chunked'], ['Content-Length', '3']], body: Buffer.from('2\r\n{}\r\n0\r\n\r\n') },
    { method: 'POST', target, headers: [auth, type, ['Content-Length', '2'], ['Content-Length', '3']], body: Buffer.from('{}') },
    { method: 'POST', target, headers: [auth, type, ['Content-Length', '50']], body: Buffer.from('{"schemas":') },
    { method: 'POST', target, headers: [auth, type, ['Content-Length', '-1']], body: Buffer.from('{}') },
    { method: 'POST', target, headers: [auth, type, ['Transfer-Encoding', 'gzip, chunked']], body: Buffer.from('2\r\n{}\r\n0\r\n\r\n') },
    { method: 'PATCH', target: `${target}/${ctx.userIds[0] ?? 'x'}`, headers: [auth, type, ['Content-Encoding', 'gzip']], body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]) },
    { method: 'GET', target, headers: [auth, ...Array.from({ length: 300 }, (_, n): [string, string] => [`X-H${n}`, 'v'.repeat(100)])] },
  ).map((request) => ({ ...request, halfClose: true }));
}

/** Request targets that are not what a client should send. */
function hostileTarget(ctx: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      `${ctx.base}/Users/../../admin/events`,
      `/${ctx.base}/Users`,
      `${ctx.base}//Users`,
      `${ctx.base}/Users?filter=%`,
      `${ctx.base}/Users?filter=%zz`,
      `${ctx.base}/Users?%`,
      `${ctx.base}/Users?startIndex=1&startIndex=2`,
      `${ctx.base}/Users?filter[a]=b`,
      `${ctx.base}/Users/.search`,
      `${ctx.base}/Schemas/${encodeAny('urn:x')}`,
      `${ctx.base}/Schemas/%`,
      `${ctx.base}/ResourceTypes/Nope`,
      `${ctx.base}/ServiceProviderConfig/x`,
      `${ctx.base}/Me`,
      `${ctx.base}/users`,
      `${ctx.base}/Users.json`,
      '*',
      'http://evil.example/scim/v2/Users',
      '/admin/users/%/history',
      '/admin/events?limit=-1',
      '/admin/events?since=%',
      '/metrics?x=%',
      '/readyz?details=1',
      '/oauth/token',
      '/%',
      '/..%2F..%2Fetc%2Fpasswd',
    ),
    hostileString.map((text) => `${ctx.base}/${encodeAny(text)}`),
    hostileString.map((text) => `${ctx.base}/Users?filter=${text.replace(/[\s#]/g, '')}`),
  );
}

/** The admin API with the admin token: hostile filters on the journal, drift and histories. */
function adminRequest(ctx: FuzzContext): fc.Arbitrary<RawRequest> {
  const value = fc.oneof(hostileString, fc.constantFrom('joiner', 'mover,leaver', 'succeeded', 'failed,interrupted', '2026-01-01T00:00:00Z', '-1', '0', '1001', '1e3', ''));
  const query = fc
    .dictionary(fc.constantFrom('type', 'user', 'since', 'until', 'outcome', 'limit', 'cursor', 'status', 'kind', 'x'), value, { maxKeys: 4 })
    .map((params) => Object.entries(params).map(([key, text]) => `${key}=${encodeAny(text)}`).join('&'));
  const path = fc.oneof(
    query.map((q) => `/admin/events?${q}`),
    query.map((q) => `/admin/drift?${q}`),
    fc.constant('/admin/pending-activations'),
    hostileId(ctx, 'User').map((id) => `/admin/users/${id}/history`),
  );
  return path.map((target) => ({ method: 'GET', target, headers: [['Authorization', `Bearer ${ctx.adminToken}`]] as [string, string][] }));
}

/**
 * The fuzzer's traffic: every family the hardening issue names, weighted so each gets thousands
 * of requests in a long run, with a small share of valid writes so that "JumpCloud changes only
 * by valid writes" is tested against real changes.
 */
export function fuzzCases(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const kind = fc.constantFrom<'User' | 'Group'>('User', 'Group');
  const plural = (k: 'User' | 'Group'): string => (k === 'User' ? '/Users' : '/Groups');
  const family = (name: string, request: fc.Arbitrary<RawRequest>): fc.Arbitrary<FuzzCase> => request.map((built) => ({ family: name, request: built }));
  return fc.oneof(
    {
      weight: 4,
      arbitrary: family(
        'malformed-json',
        fc.tuple(kind, fc.constantFrom<Method>('POST', 'PUT', 'PATCH'), brokenJson).chain(([k, method, body]) =>
          (method === 'POST' ? fc.constant('') : hostileId(ctx, k).map((id) => `/${id}`)).map((suffix) => scimRequest(ctx, method, `${plural(k)}${suffix}`, body)),
        ),
      ),
    },
    {
      weight: 6,
      arbitrary: family(
        'wrong-types',
        fc.oneof(
          fc.tuple(userBody(ctx, true), fc.boolean(), fc.constantFrom(...ctx.userIds)).map(([body, put, id]) => scimRequest(ctx, put ? 'PUT' : 'POST', put ? `/Users/${id}` : '/Users', json(body))),
          fc.tuple(groupBody(ctx), fc.boolean(), fc.constantFrom(...ctx.groupIds)).map(([body, put, id]) => scimRequest(ctx, put ? 'PUT' : 'POST', put ? `/Groups/${id}` : '/Groups', json(body))),
        ),
      ),
    },
    {
      weight: 6,
      arbitrary: family(
        'patch',
        fc.tuple(kind, fc.option(fc.constantFrom([PATCH_OP], [], ['urn:x']), { nil: undefined })).chain(([k, schemas]) =>
          fc.tuple(hostileId(ctx, k), patchOperations(ctx, k)).map(([id, operations]) => scimRequest(ctx, 'PATCH', `${plural(k)}/${id}`, json({ schemas: schemas ?? [PATCH_OP], Operations: operations }))),
        ),
      ),
    },
    { weight: 5, arbitrary: family('filter', fc.tuple(kind, hostileFilter).map(([k, filter]) => scimRequest(ctx, 'GET', `${plural(k)}?filter=${encodeAny(filter)}`))) },
    { weight: 4, arbitrary: family('paging', fc.tuple(kind, pagingQuery).map(([k, query]) => scimRequest(ctx, 'GET', `${plural(k)}?${query}`))) },
    {
      weight: 4,
      arbitrary: family(
        'hostile-id',
        fc.tuple(kind, fc.constantFrom<Method>('GET', 'PUT', 'PATCH', 'DELETE')).chain(([k, method]) =>
          hostileId(ctx, k)
            .filter((id) => method !== 'DELETE' || !(k === 'User' ? ctx.userIds : ctx.groupIds).includes(id))
            .map((id) => scimRequest(ctx, method, `${plural(k)}/${id}`, method === 'GET' || method === 'DELETE' ? undefined : json({ schemas: [PATCH_OP], Operations: [] }))),
        ),
      ),
    },
    { weight: 3, arbitrary: family('bulk', bulkBody(ctx).map((body) => scimRequest(ctx, 'POST', '/Bulk', json(body)))) },
    {
      weight: 3,
      arbitrary: family(
        'search',
        fc
          .tuple(fc.constantFrom('/Users/.search', '/Groups/.search', '/.search'), fc.oneof(fc.record({ schemas: fc.constantFrom([SEARCH_REQUEST], []), filter: hostileFilter, startIndex: anyJson, count: anyJson, sortBy: anyJson, attributes: anyJson }, { requiredKeys: [] }), anyJson))
          .map(([path, body]) => scimRequest(ctx, 'POST', path, json(body))),
      ),
    },
    {
      weight: 4,
      arbitrary: family(
        'headers',
        fc.tuple(hostileHeaders(ctx), fc.constantFrom<Method>('GET', 'POST', 'PATCH'), userBody(ctx, false)).map(([headers, method, body]) =>
          scimRequest(ctx, method, method === 'GET' ? '/Users?count=2' : method === 'POST' ? '/Users' : `/Users/${ctx.userIds[1] ?? ''}`, method === 'GET' ? undefined : json(method === 'POST' ? body : { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Header test' }] }), headers),
        ),
      ),
    },
    { weight: 1, arbitrary: family('framing', badFraming(ctx)) },
    { weight: 2, arbitrary: family('admin', adminRequest(ctx)) },
    { weight: 2, arbitrary: family('targets', fc.tuple(hostileTarget(ctx), fc.constantFrom<Method>('GET', 'POST', 'DELETE')).map(([target, method]) => ({ method, target, headers: [['Authorization', `Bearer ${ctx.bearerToken}`]] as [string, string][] }))) },
    {
      weight: 2,
      arbitrary: family(
        'valid-write',
        fc.oneof(
          userBody(ctx, false).map((body) => scimRequest(ctx, 'POST', '/Users', json(body))),
          fc.tuple(fc.constantFrom(...ctx.userIds), fc.stringMatching(/^[A-Za-z ]{1,20}$/)).map(([id, title]) => scimRequest(ctx, 'PATCH', `/Users/${id}`, json({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: title }] }))),
          fc.tuple(fc.constantFrom(...ctx.groupIds), fc.constantFrom(...ctx.userIds), fc.constantFrom('add', 'remove')).map(([group, user, op]) =>
            scimRequest(ctx, 'PATCH', `/Groups/${group}`, json({ schemas: [PATCH_OP], Operations: op === 'add' ? [{ op, path: 'members', value: [{ value: user }] }] : [{ op, path: `members[value eq "${user}"]` }] })),
          ),
        ),
      ),
    },
  );
}
