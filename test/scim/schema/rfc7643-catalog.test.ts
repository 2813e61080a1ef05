import type { AttributeDefinition, SchemaDefinition } from '../../../src/scim/schema/attribute-definition';
import { commonAttributes, isCommonAttribute } from '../../../src/scim/schema/common-attributes';
import { coreGroupSchema, coreUserSchema, enterpriseUserSchema } from '../../../src/scim/schema/rfc7643-catalog';
import { findByName } from '../../../src/scim/schema/select-attributes';
import { schemaProblems } from '../../../src/scim/schema/validate-schema-definition';
import cases from './rfc7643-catalog.cases.json';

const SCHEMAS: Record<string, AttributeDefinition[]> = {
  user: coreUserSchema().attributes,
  group: coreGroupSchema().attributes,
  enterprise: enterpriseUserSchema().attributes,
  common: commonAttributes(),
};

function definitionAt(attributes: AttributeDefinition[], path: string): AttributeDefinition | undefined {
  const [name = '', sub] = path.split('.');
  const attribute = findByName(attributes, name);
  return sub === undefined ? attribute : findByName(attribute?.subAttributes ?? [], sub);
}

const names = (schema: SchemaDefinition) => schema.attributes.map((attribute) => attribute.name);
const subNames = (schema: SchemaDefinition, name: string) => findByName(schema.attributes, name)?.subAttributes?.map((sub) => sub.name);

describe('RFC 7643 catalog (§4, §8.7.1)', () => {
  it.each(cases.map((row) => [`${row.schema} ${row.path}`, row] as const))('%s', (_name, row) => {
    const definition = definitionAt(SCHEMAS[row.schema] ?? [], row.path);
    expect(definition).toBeDefined();
    expect(definition).toMatchObject(row.expect);
  });

  it('holds every §4.1 User attribute, in the order of §8.7.1', () => {
    expect(names(coreUserSchema())).toEqual([
      'userName', 'name', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone',
      'active', 'password', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates',
    ]);
    expect(subNames(coreUserSchema(), 'name')).toEqual(['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix']);
    expect(subNames(coreUserSchema(), 'addresses')).toEqual(['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type', 'primary']);
    expect(subNames(coreUserSchema(), 'groups')).toEqual(['value', '$ref', 'display', 'type']);
    for (const multi of ['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509Certificates']) {
      expect(subNames(coreUserSchema(), multi)).toEqual(['value', 'display', 'type', 'primary']);
    }
  });

  it('holds the §4.2 Group and §4.3 enterprise attributes', () => {
    expect(coreGroupSchema()).toMatchObject({ id: 'urn:ietf:params:scim:schemas:core:2.0:Group', name: 'Group' });
    expect(names(coreGroupSchema())).toEqual(['displayName', 'members']);
    expect(subNames(coreGroupSchema(), 'members')).toEqual(['value', '$ref', 'display', 'type']);
    expect(enterpriseUserSchema()).toMatchObject({ id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'EnterpriseUser' });
    expect(names(enterpriseUserSchema())).toEqual(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
    expect(subNames(enterpriseUserSchema(), 'manager')).toEqual(['value', '$ref', 'displayName']);
  });

  it('only userName is required and only userName is unique in the core User schema', () => {
    const walk = (attributes: AttributeDefinition[]): AttributeDefinition[] => attributes.flatMap((a) => [a, ...walk(a.subAttributes ?? [])]);
    const all = walk(coreUserSchema().attributes);
    expect(all.filter((a) => a.required).map((a) => a.name)).toEqual(['userName']);
    expect(all.filter((a) => a.uniqueness !== 'none').map((a) => a.name)).toEqual(['userName']);
    expect(all.filter((a) => a.returned !== 'default').map((a) => a.name)).toEqual(['password']);
  });

  it.each([
    ['User', coreUserSchema()],
    ['Group', coreGroupSchema()],
    ['EnterpriseUser', enterpriseUserSchema()],
    ['common', { id: 'urn:example:common', name: 'common', description: '', attributes: commonAttributes() }],
  ])('%s is a sound schema', (_name, schema) => {
    expect(schemaProblems(schema)).toEqual([]);
  });

  it('hands out fresh copies, so a caller cannot alter the catalog', () => {
    const first = coreUserSchema();
    first.attributes.length = 0;
    expect(coreUserSchema().attributes.length).toBe(21);
  });

  it.each([['id'], ['ID'], ['externalId'], ['META']])('%s is a common attribute', (name) => {
    expect(isCommonAttribute(name)).toBe(true);
  });

  it('userName is not a common attribute', () => {
    expect(isCommonAttribute('userName')).toBe(false);
  });
});
