import { loadGroupMapping } from '../../src/mapping';
import { diffAgainst, idsToAdd, splitPatch } from '../../src/provider/membership-intent';
import { validatePatchRequest } from '../../src/scim/patch';
import { ScimError } from '../../src/scim/scim-error';

const schemas = loadGroupMapping().schemas;
const A = 'a'.repeat(24);
const B = 'b'.repeat(24);
const C = 'c'.repeat(24);
const split = (...operations: Record<string, unknown>[]) => splitPatch(validatePatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }), schemas);

describe('membership intent of a PATCH', () => {
  it.each([
    ['add list', [{ op: 'add', path: 'members', value: [{ value: A }, { value: B }] }], { add: [A, B], remove: [] }],
    ['bare string', [{ op: 'add', path: 'members', value: A }], { add: [A], remove: [] }],
    ['remove by filter', [{ op: 'remove', path: `members[value eq "${A}"]` }], { add: [], remove: [A] }],
    ['Entra Remove with value', [{ op: 'Remove', path: 'members', value: [{ value: B }] }], { add: [], remove: [B] }],
    ['add then remove', [{ op: 'add', path: 'members', value: [{ value: A }] }, { op: 'remove', path: `members[value eq "${A}"]` }], { add: [], remove: [A] }],
    ['remove then add', [{ op: 'remove', path: `members[value eq "${A}"]` }, { op: 'add', path: 'members', value: [{ value: A }] }], { add: [A], remove: [] }],
    ['URN-prefixed path', [{ op: 'add', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:members', value: [{ value: C }] }], { add: [C], remove: [] }],
    // Issue 12 finding 3: an id that is no ObjectId names no user: already absent, never sent.
    ['remove of a non-ObjectId by filter', [{ op: 'remove', path: 'members[value eq "junk"]' }], { add: [], remove: [] }],
    ['remove of dot segments', [{ op: 'remove', path: `members[value eq ".." or value eq "${A}"]` }], { add: [], remove: [A] }],
    ['remove of non-ObjectIds by value', [{ op: 'remove', path: 'members', value: [{ value: 'x' }, { value: '../../usergroups' }, { value: B }] }], { add: [], remove: [B] }],
    ['add then remove of a non-ObjectId nets nothing', [{ op: 'add', path: 'members', value: [{ value: 'x' }] }, { op: 'remove', path: 'members[value eq "x"]' }], { add: [], remove: [] }],
  ])('%s', (_name, operations, expected) => {
    const { membership, attributes } = split(...operations);
    expect(membership.replaceWith).toBeUndefined();
    expect({ add: [...membership.add], remove: [...membership.remove] }).toEqual(expected);
    expect(attributes).toBeUndefined();
  });

  it('a full replace needs the current list and diffs against it', () => {
    const { membership } = split({ op: 'replace', path: 'members', value: [{ value: A }, { value: B }] }, { op: 'remove', path: `members[value eq "${B}"]` });
    expect(idsToAdd(membership)).toEqual([A]);
    expect(diffAgainst(membership, new Set([B, C]))).toEqual({ add: [A], remove: [B, C] });
  });

  it('separates Okta\'s path-less {id, displayName, members} into attributes and membership', () => {
    const { membership, attributes } = split({ op: 'replace', value: { id: 'x', displayName: 'New', members: [{ value: A }] } });
    expect([...(membership.replaceWith ?? [])]).toEqual([A]);
    expect(attributes?.Operations).toEqual([{ op: 'replace', value: { id: 'x', displayName: 'New' } }]);
  });

  it.each([
    [{ op: 'replace', path: `members[value eq "${A}"]`, value: { value: B } }, 'mutability'],
    [{ op: 'add', path: 'members.value', value: A }, 'mutability'],
    [{ op: 'remove', path: 'members[display eq "x"]' }, 'invalidFilter'],
    [{ op: 'add', path: 'members', value: [{ display: 'no value' }] }, 'invalidValue'],
  ])('refuses %j with %s', (operation, scimType) => {
    try {
      split(operation);
      throw new Error('expected a ScimError');
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType).toBe(scimType);
    }
  });
});
