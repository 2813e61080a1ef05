import { loadGroupMapping, readDescription, writeDescription } from '../../src/mapping';
import { parseFilter } from '../../src/scim/filter';

const mapping = loadGroupMapping();
const U = '5f1e2d3c4b5a697887960a1b';

describe('group externalId marker in the description', () => {
  it.each([
    ['', undefined, ''],
    ['', 'ext-1', '[scim:externalId="ext-1"]'],
    ['Admin text', 'ext-1', 'Admin text\n[scim:externalId="ext-1"]'],
    ['Admin text', undefined, 'Admin text'],
    ['Line 1\nLine 2', 'a"b]\nc', 'Line 1\nLine 2\n[scim:externalId="a\\"b]\\nc"]'],
  ])('text %j with externalId %j round-trips through %j', (text, externalId, description) => {
    expect(writeDescription({ text, externalId })).toBe(description);
    expect(readDescription(description)).toEqual(externalId === undefined ? { text } : { text, externalId });
  });

  it.each(['[scim:externalId=notjson]', 'text [scim:externalId="x"]', '[scim:externalId="x"] trailing'])('%j is admin text, not a marker', (description) => {
    expect(readDescription(description)).toEqual({ text: description });
  });
});

describe('group query plan', () => {
  const plan = (filter: string) => mapping.planQuery(parseFilter(filter));
  it.each([
    [`id eq "${U}"`, { kind: 'get', id: U }],
    ['id eq "nope"', { kind: 'empty' }],
    ['displayName eq "Sales"', { kind: 'name', value: 'Sales', probe: ['name:search:Sales'], run: 'Sales' }],
    ['displayName eq "a:b"', { kind: 'name', value: 'a:b', probe: ['name:search:a'], run: 'a' }],
    ['displayName eq ":.:"', { kind: 'name', value: ':.:' }],
    [`members[value eq "${U.toUpperCase()}"]`, { kind: 'memberOf', userId: U }],
    [`displayName eq "x" and members.value eq "${U}"`, { kind: 'memberOf', userId: U }],
    ['displayName sw "S"', { kind: 'scan' }],
    [`not (members[value eq "${U}"])`, { kind: 'scan' }],
  ])('%s', (filter, candidates) => {
    expect(plan(filter).candidates).toEqual(candidates);
  });

  it('collects every member test, and refuses other filters on members', () => {
    expect(plan(`members[value eq "${U}"] or displayName eq "x"`).memberIds).toEqual([U]);
    for (const filter of ['members pr', 'members.display eq "x"', 'members[type eq "User"]', 'members.value co "5f"']) {
      expect(() => plan(filter)).toThrow(/members/);
    }
  });
});

describe('group bodies', () => {
  it('reads bare string members and refuses non-user members', () => {
    expect(mapping.validateInbound({ displayName: 'G', members: [U, { value: U }, { value: 'other' }] }).memberIds).toEqual([U, 'other']);
    expect(mapping.validateInbound({ displayName: 'G' }).memberIds).toBeUndefined();
    expect(() => mapping.validateInbound({ displayName: 'G', members: [{ value: U, type: 'Group' }] })).toThrow(/users only/);
  });

  it('writes back every field it carries and refuses to rewrite All Users or a dynamic group', () => {
    const current = { id: U, name: 'Old', description: 'Admin', email: 'g@example.com', attributes: { sudo: { enabled: true } }, membershipMethod: 'STATIC' as const };
    expect(mapping.toUpdateBody({ schemas: [], displayName: 'New', externalId: 'e' }, current)).toEqual({
      name: 'New',
      description: 'Admin\n[scim:externalId="e"]',
      email: 'g@example.com',
      attributes: { sudo: { enabled: true } },
      membershipMethod: 'STATIC',
    });
    expect(mapping.toUpdateBody({ schemas: [], displayName: 'Old' }, current)).toBeUndefined();
    expect(() => mapping.toUpdateBody({ schemas: [], displayName: 'X' }, { id: U, name: 'All Users' })).toThrow(/managed by JumpCloud/);
    expect(() => mapping.toUpdateBody({ schemas: [], displayName: 'X' }, { id: U, name: 'D', membershipMethod: 'DYNAMIC_AUTOMATED' })).toThrow(/dynamic/);
  });
});
