import { parsePath, resolveAttribute, resolveRelativeAttribute, schemaNamedByPath, type ResolveResult } from '../../../src/scim/filter';
import type { SchemaDefinition } from '../../../src/scim/schema/attribute-definition';
import { coreUserSchema, CUSTOM_USER, ENTERPRISE_USER, enterpriseUserSchema, userSchemas } from './test-schemas';

/** The parts of a result a caller uses: definition names and location, or the failure. */
function summary(result: ResolveResult): unknown {
  if (!result.ok) return { reason: result.reason, detail: result.detail };
  const { schema, container, attribute, subAttribute, location } = result.resolved;
  return { schema: schema.id, container, attribute: attribute.name, subAttribute: subAttribute?.name, location };
}

const resolve = (path: string, schemas: SchemaDefinition[] = userSchemas): unknown => summary(resolveAttribute(parsePath(path), schemas));
const CORE = coreUserSchema.id;

describe('resolveAttribute (RFC 7644 §3.10)', () => {
  it.each([
    ['userName', { schema: CORE, container: undefined, attribute: 'userName', subAttribute: undefined, location: ['userName'] }],
    ['USERNAME', { schema: CORE, container: undefined, attribute: 'userName', subAttribute: undefined, location: ['userName'] }],
    ['name.GIVENNAME', { schema: CORE, container: undefined, attribute: 'name', subAttribute: 'givenName', location: ['name', 'givenName'] }],
    ['emails[type eq "work"].value', { schema: CORE, container: undefined, attribute: 'emails', subAttribute: 'value', location: ['emails', 'value'] }],
    [`${CORE}:userName`, { schema: CORE, container: undefined, attribute: 'userName', subAttribute: undefined, location: ['userName'] }],
    [`${ENTERPRISE_USER}:manager.value`, { schema: ENTERPRISE_USER, container: ENTERPRISE_USER, attribute: 'manager', subAttribute: 'value', location: [ENTERPRISE_USER, 'manager', 'value'] }],
    [`${ENTERPRISE_USER.toUpperCase()}:EMPLOYEENUMBER`, { schema: ENTERPRISE_USER, container: ENTERPRISE_USER, attribute: 'employeeNumber', subAttribute: undefined, location: [ENTERPRISE_USER, 'employeeNumber'] }],
    ['employeeNumber', { schema: ENTERPRISE_USER, container: ENTERPRISE_USER, attribute: 'employeeNumber', subAttribute: undefined, location: [ENTERPRISE_USER, 'employeeNumber'] }],
    ['manager.displayName', { schema: ENTERPRISE_USER, container: ENTERPRISE_USER, attribute: 'manager', subAttribute: 'displayName', location: [ENTERPRISE_USER, 'manager', 'displayName'] }],
    ['badgeNumber', { schema: CUSTOM_USER, container: CUSTOM_USER, attribute: 'badgeNumber', subAttribute: undefined, location: [CUSTOM_USER, 'badgeNumber'] }],
    ['meta.lastModified', { schema: CORE, container: undefined, attribute: 'meta', subAttribute: 'lastModified', location: ['meta', 'lastModified'] }],
    ['ID', { schema: CORE, container: undefined, attribute: 'id', subAttribute: undefined, location: ['id'] }],
    ['externalId', { schema: CORE, container: undefined, attribute: 'externalId', subAttribute: undefined, location: ['externalId'] }],
  ])('%s', (path, expected) => {
    expect(resolve(path)).toEqual(expected);
  });

  it.each([
    ['nope', 'unknownAttribute', '"nope" is not an attribute of this resource type'],
    ['name.nope', 'unknownSubAttribute', '"nope" is not a sub-attribute of "name"'],
    ['userName.x', 'notComplex', '"userName" has no sub-attributes'],
    ['urn:example:other:1.0:User:x', 'unknownSchema', 'which this resource type does not serve'],
    [`${ENTERPRISE_USER}:userName`, 'unknownAttribute', 'is not an attribute of this resource type'],
    [`${CORE}:employeeNumber`, 'unknownAttribute', 'is not an attribute of this resource type'],
    [`${ENTERPRISE_USER}:id`, 'unknownAttribute', 'is not an attribute of this resource type'],
  ])('%s fails with %s', (path, reason, detail) => {
    expect(resolve(path)).toEqual({ reason, detail: expect.stringContaining(detail) });
  });

  it('refuses an unprefixed name two extensions define, and names the URNs', () => {
    const other: SchemaDefinition = { ...enterpriseUserSchema, id: 'urn:example:other:1.0:User' };
    expect(resolve('employeeNumber', [coreUserSchema, enterpriseUserSchema, other])).toEqual({
      reason: 'ambiguousAttribute',
      detail: expect.stringContaining(`prefix it with the schema URN, e.g. "${ENTERPRISE_USER}:employeeNumber"`),
    });
    expect(resolve(`urn:example:other:1.0:User:employeeNumber`, [coreUserSchema, enterpriseUserSchema, other])).toMatchObject({ schema: 'urn:example:other:1.0:User' });
  });

  it('prefers a core attribute over an extension attribute of the same name', () => {
    const shadow: SchemaDefinition = { ...enterpriseUserSchema, attributes: [...enterpriseUserSchema.attributes, ...coreUserSchema.attributes.filter((a) => a.name === 'title')] };
    expect(resolve('title', [coreUserSchema, shadow])).toMatchObject({ schema: CORE, location: ['title'] });
  });

  it('uses the core schema own definition of a common attribute when it has one', () => {
    const idDefinition = { ...coreUserSchema.attributes[0]!, name: 'id', caseExact: false, description: 'served id' };
    const core: SchemaDefinition = { ...coreUserSchema, attributes: [...coreUserSchema.attributes, idDefinition] };
    const result = resolveAttribute(parsePath('id'), [core]);
    expect(result.ok && result.resolved.attribute.description).toBe('served id');
  });

  it('resolves value-filter paths against the sub-attributes of the filtered attribute', () => {
    const emails = resolveAttribute(parsePath('emails'), userSchemas);
    if (!emails.ok) throw new Error(emails.detail);
    expect(summary(resolveRelativeAttribute(emails.resolved, parsePath('TYPE')))).toEqual({ schema: CORE, container: undefined, attribute: 'type', subAttribute: undefined, location: ['type'] });
    expect(summary(resolveRelativeAttribute(emails.resolved, parsePath('userName')))).toMatchObject({ reason: 'unknownSubAttribute' });
    expect(summary(resolveRelativeAttribute(emails.resolved, parsePath('value.x')))).toMatchObject({ reason: 'notComplex' });
    expect(summary(resolveRelativeAttribute(emails.resolved, parsePath(`${CORE}:type`)))).toMatchObject({ reason: 'schemaInValueFilter' });
  });

  it('recognises a PATCH path that names a whole extension schema', () => {
    expect(schemaNamedByPath(parsePath(ENTERPRISE_USER), userSchemas)?.id).toBe(ENTERPRISE_USER);
    expect(schemaNamedByPath(parsePath(ENTERPRISE_USER.toLowerCase()), userSchemas)?.id).toBe(ENTERPRISE_USER);
    expect(schemaNamedByPath(parsePath(`${ENTERPRISE_USER}:manager`), userSchemas)).toBeUndefined();
    expect(schemaNamedByPath(parsePath('userName'), userSchemas)).toBeUndefined();
  });
});
