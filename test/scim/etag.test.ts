import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { checkPreconditions, weakEtag, type Preconditions } from '../../src/scim/etag';
import { ScimError } from '../../src/scim/scim-error';
import cases from './etag.cases.json';

interface PreconditionCase {
  name: string;
  ifMatch?: string | string[];
  ifNoneMatch?: string | string[];
  method?: string;
  current?: string;
  expect: 'proceed' | 'not-modified' | 412;
  detail?: string;
}

describe('checkPreconditions (RFC 7644 §3.14, RFC 7232)', () => {
  it.each((cases as PreconditionCase[]).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const preconditions: Preconditions = { ifMatch: row.ifMatch, ifNoneMatch: row.ifNoneMatch, method: row.method };
    const run = () => checkPreconditions(preconditions, row.current);
    if (row.expect === 412) {
      let thrown: unknown;
      try {
        run();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ScimError);
      expect((thrown as ScimError).status).toBe(412);
      expect((thrown as ScimError).scimType).toBeUndefined();
      if (row.detail) expect((thrown as ScimError).message).toBe(row.detail);
      return;
    }
    expect(run()).toBe(row.expect);
  });
});

describe('weakEtag', () => {
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'u1',
    userName: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [{ value: 'a@example.com' }, { value: 'b@example.com' }],
    meta: { resourceType: 'User', lastModified: '2024-01-01T00:00:00Z', location: 'https://a.example/Users/u1', version: 'W/"old"' },
  };

  it('is a weak entity-tag', () => {
    expect(weakEtag(user)).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  });

  it('does not depend on key order, at any depth', () => {
    const reordered = {
      meta: { version: 'W/"old"', location: 'https://a.example/Users/u1', lastModified: '2024-01-01T00:00:00Z', resourceType: 'User' },
      emails: user.emails,
      name: { familyName: 'Jensen', givenName: 'Barbara' },
      userName: 'bjensen',
      id: 'u1',
      schemas: user.schemas,
    };
    expect(weakEtag(reordered)).toBe(weakEtag(user));
  });

  it('ignores meta.version and meta.location, and undefined members', () => {
    const same = { ...user, nickName: undefined, meta: { ...user.meta, version: 'W/"other"', location: 'https://b.example/Users/Users/u1' } };
    expect(weakEtag(same)).toBe(weakEtag(user));
  });

  it.each([
    ['a changed attribute', { ...user, userName: 'bjensen2' }],
    ['a changed sub-attribute', { ...user, name: { ...user.name, givenName: 'Babs' } }],
    ['a changed lastModified', { ...user, meta: { ...user.meta, lastModified: '2024-01-02T00:00:00Z' } }],
    ['reordered multi-valued values', { ...user, emails: [...user.emails].reverse() }],
    ['an added attribute', { ...user, title: 'CEO' }],
    ['a value of another JSON type', { ...user, id: 1 }],
  ])('changes with %s', (_name, changed) => {
    expect(weakEtag(changed)).not.toBe(weakEtag(user));
  });

  it('does not mutate the resource', () => {
    const copy = JSON.parse(JSON.stringify(user));
    weakEtag(user);
    expect(user).toEqual(copy);
  });
});

/** The canonical JSON the ETag hashes, as first written (entries, filter, sort, map, join): the reference. */
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The ETag as first written: sha256 of the reference canonical JSON (for values without `meta`). */
function referenceEtag(resource: Record<string, unknown>): string {
  return `W/"${createHash('sha256').update(referenceCanonicalJson(resource)).digest('base64url').slice(0, 27)}"`;
}

describe('weakEtag against its first version', () => {
  it('gives the same tag on random JSON-like resources, undefined members and unicode keys included', () => {
    const member = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, member, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('node'), { maxKeys: 5 })),
    })).node;
    const resource = fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }).filter((key) => key !== 'meta'), value, { maxKeys: 6 });
    fc.assert(fc.property(resource, (r) => weakEtag(r) === referenceEtag(r)), { numRuns: 2000 });
  });

  it('keeps an ETag when only the key order differs, and changes it when a value does', () => {
    const a = { id: '1', userName: 'ann', name: { givenName: 'Ann', familyName: 'Lee' }, meta: { version: 'W/"x"', location: 'https://a/Users/1' } };
    const b = { meta: { location: 'https://b/Users/1' }, name: { familyName: 'Lee', givenName: 'Ann' }, userName: 'ann', id: '1' };
    expect(weakEtag(a)).toBe(weakEtag(b));
    expect(weakEtag(a)).not.toBe(weakEtag({ ...b, userName: 'anne' }));
  });
});
