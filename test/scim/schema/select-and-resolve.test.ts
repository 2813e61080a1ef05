import { defineAttribute } from '../../../src/scim/schema/define-attribute';
import { resolveAttributePath } from '../../../src/scim/schema/resolve-attribute-path';
import { coreUserSchema } from '../../../src/scim/schema/rfc7643-catalog';
import { selectAttributes } from '../../../src/scim/schema/select-attributes';
import { assertValidResourceTypes, schemaProblems } from '../../../src/scim/schema/validate-schema-definition';
import { CUSTOM_URN, ENTERPRISE_URN, userResourceType } from '../support/user-resource-type';

describe('selectAttributes', () => {
  it('keeps the named attributes in schema order, whole or by sub-attribute, names in any case', () => {
    const selected = selectAttributes(coreUserSchema(), ['EMAILS.value', 'userName', 'name.givenName', 'name.familyName', 'emails.type', 'active']);
    expect(selected.attributes.map((a) => a.name)).toEqual(['userName', 'name', 'active', 'emails']);
    expect(selected.attributes[1]?.subAttributes?.map((a) => a.name)).toEqual(['familyName', 'givenName']);
    expect(selected.attributes[3]?.subAttributes?.map((a) => a.name)).toEqual(['value', 'type']);
    expect(selected.id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
  });

  it('a whole attribute wins over a sub-attribute named as well', () => {
    const selected = selectAttributes(coreUserSchema(), ['name.givenName', 'name']);
    expect(selected.attributes[0]?.subAttributes).toHaveLength(6);
  });

  it('refuses names the schema does not define, listing all of them', () => {
    expect(() => selectAttributes(coreUserSchema(), ['userName', 'nope', 'name.nope'])).toThrow(
      "Schema urn:ietf:params:scim:schemas:core:2.0:User defines no attribute 'nope', 'name.nope'.",
    );
  });
});

describe('resolveAttributePath (RFC 7644 §3.10)', () => {
  const resourceType = userResourceType();
  it.each([
    ['userName', 'userName', undefined, false],
    ['USERNAME', 'userName', undefined, false],
    ['name.givenName', 'name', 'givenName', false],
    ['meta.lastModified', 'meta', 'lastModified', false],
    ['id', 'id', undefined, false],
    ['urn:ietf:params:scim:schemas:core:2.0:User:emails.value', 'emails', 'value', false],
    [`${ENTERPRISE_URN}:manager.displayName`, 'manager', 'displayName', true],
    [`${ENTERPRISE_URN.toUpperCase()}:DEPARTMENT`, 'department', undefined, true],
    ['employeeNumber', 'employeeNumber', undefined, true],
    [`${CUSTOM_URN}:costCode`, 'costCode', undefined, true],
  ])('%s', (path, attribute, subAttribute, extension) => {
    const resolved = resolveAttributePath(path, resourceType);
    expect(resolved).toMatchObject({ kind: 'attribute', extension });
    if (resolved?.kind !== 'attribute') throw new Error('unreachable');
    expect(resolved.attribute.name).toBe(attribute);
    expect(resolved.subAttribute?.name).toBe(subAttribute);
  });

  it.each([['nope'], ['name.nope'], ['emails.value.x'], ['urn:example:unknown:attr'], [`${ENTERPRISE_URN}:userName`]])('%s is not defined', (path) => {
    expect(resolveAttributePath(path, resourceType)).toBeUndefined();
  });

  it('a bare schema URN designates the schema', () => {
    expect(resolveAttributePath(ENTERPRISE_URN, resourceType)).toMatchObject({ kind: 'schema', extension: true, schema: { id: ENTERPRISE_URN } });
    expect(resolveAttributePath('urn:ietf:params:scim:schemas:core:2.0:user', resourceType)).toMatchObject({ kind: 'schema', extension: false });
  });

  it('takes a core-first schema list as well', () => {
    const list = [resourceType.schema, ...resourceType.extensions.map((e) => e.schema)];
    expect(resolveAttributePath(`${ENTERPRISE_URN}:department`, list)).toMatchObject({ kind: 'attribute', extension: true });
    expect(() => resolveAttributePath('userName', [])).toThrow(/core schema/);
  });
});

describe('schema validation (RFC 7643 §2, §7)', () => {
  const schema = (attributes: ReturnType<typeof defineAttribute>[]) => ({ id: 'urn:example:s', name: 's', description: '', attributes });
  it.each([
    ['a bad name', [defineAttribute('1bad', 'string', '')], /not a valid attribute name/],
    ['a duplicate name', [defineAttribute('a', 'string', ''), defineAttribute('A', 'string', '')], /used twice/],
    ['a reference without referenceTypes', [defineAttribute('r', 'reference', '')], /needs referenceTypes/],
    ['referenceTypes on a string', [defineAttribute('s', 'string', '', { referenceTypes: ['User'] })], /references only/],
    ['a complex without sub-attributes', [defineAttribute('c', 'complex', '')], /needs subAttributes/],
    ['a nested complex', [defineAttribute('c', 'complex', '', { subAttributes: [defineAttribute('d', 'complex', '', { subAttributes: [defineAttribute('e', 'string', '')] })] })], /cannot be complex/],
    ['sub-attributes on a string', [defineAttribute('s', 'string', '', { subAttributes: [defineAttribute('e', 'string', '')] })], /complex attributes only/],
    ['an unknown returned', [defineAttribute('s', 'string', '', { returned: 'sometimes' as never })], /unknown returned/],
  ])('finds %s', (_name, attributes, problem) => {
    expect(schemaProblems(schema(attributes)).join('; ')).toMatch(problem);
  });

  it('refuses a schema id that is not a URN', () => {
    expect(schemaProblems({ id: 'User', name: 'User', description: '', attributes: [] })).toEqual(["schema id 'User' is not a URN"]);
  });

  it('refuses duplicate resource types, bad endpoints and one URN defined two ways', () => {
    const user = userResourceType();
    const clash = { ...user, id: 'Other', endpoint: 'Others', extensions: [{ schema: { ...user.extensions[0]!.schema, attributes: [] }, required: false }] };
    expect(() => assertValidResourceTypes([user, user])).toThrow(/'User' is defined twice/);
    expect(() => assertValidResourceTypes([user, clash])).toThrow(/endpoint 'Others' must start with '\/'.*defined twice, differently/);
    expect(() => assertValidResourceTypes([user])).not.toThrow();
  });
});
