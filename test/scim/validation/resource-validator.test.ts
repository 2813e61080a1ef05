import type { ResourceTypeDefinition } from '../../../src/scim/schema/attribute-definition';
import { coreUserSchema, enterpriseUserSchema } from '../../../src/scim/schema/rfc7643-catalog';
import { selectAttributes } from '../../../src/scim/schema/select-attributes';
import { ScimError } from '../../../src/scim/scim-error';
import { createResourceValidator, resourceJsonSchema } from '../../../src/scim/validation';
import cases from './resource-validator.cases.json';

// A resource type as a mapping would serve it: a subset of the RFC 7643 catalog.
const core = selectAttributes(coreUserSchema(), ['userName', 'name', 'displayName', 'title', 'active', 'password', 'emails', 'groups']);
const enterprise = enterpriseUserSchema();
const userType: ResourceTypeDefinition = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: core,
  extensions: [{ schema: enterprise, required: false }],
};
const validate = createResourceValidator(userType);

interface Case {
  name: string;
  body: unknown;
  expect?: Record<string, unknown>;
  error?: { scimType: string; detail: string };
}

describe('inbound resource validation (RFC 7643 §2, RFC 7644 §3.3)', () => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.error) {
      let thrown: unknown;
      try {
        validate(c.body);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ScimError);
      expect((thrown as ScimError).status).toBe(400);
      expect((thrown as ScimError).scimType).toBe(c.error.scimType);
      expect((thrown as ScimError).message).toBe(c.error.detail);
      return;
    }
    expect(validate(c.body)).toEqual(c.expect);
  });

  it('never changes the caller\'s body', () => {
    const body = { userName: 'u', active: 'True', meta: { x: 1 } };
    const copy = structuredClone(body);
    validate(body);
    expect(body).toEqual(copy);
  });

  it('requires a required extension', () => {
    const strict = createResourceValidator({ ...userType, extensions: [{ schema: enterprise, required: true }] });
    expect(() => strict({ userName: 'u' })).toThrow('Attribute "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" is required.');
  });

  it('generates a JSON Schema typing every served attribute (RFC 7643 §2.3)', () => {
    const schema = resourceJsonSchema(userType) as { properties: Record<string, { type: string; items?: { type: string; properties: Record<string, { type: string }> } }>; required: string[] };
    expect(schema.required).toEqual(['userName']);
    expect(schema.properties.active).toEqual({ type: 'boolean' });
    expect(schema.properties.emails?.type).toBe('array');
    expect(schema.properties.emails?.items?.properties.primary).toEqual({ type: 'boolean' });
    expect(Object.keys(schema.properties)).toContain(enterprise.id);
  });
});
