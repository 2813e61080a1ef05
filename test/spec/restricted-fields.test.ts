// The fields a source can lock are an enum of JumpCloud's V1 spec (definition restrictedField):
// every copy the project holds must equal it, or READ_ONLY_PROFILES sends what JumpCloud refuses.
import { JUMPCLOUD_LOCKABLE_FIELDS, SCIM_RESTRICTION_TYPE } from '../../src/mapping';
import { RESTRICTABLE_FIELDS, RESTRICTION_TYPES } from '../../emulator/users/user-fields';
import { readOurSchema } from './support/schema-compat';
import { loadSpec, type SchemaNode } from './support/swagger-loader';

function specEnum(property: 'field' | 'type'): string[] {
  const definition = loadSpec('v1').doc.definitions.restrictedField as { properties: Record<string, SchemaNode> };
  const values = definition.properties[property]?.enum;
  if (!Array.isArray(values) || values.length === 0) throw new Error(`restrictedField.${property} has no enum in JumpCloud.SDK.V1.json`);
  return [...(values as string[])].sort();
}

function ourEnum(file: string): string[] {
  const schema = readOurSchema(file) as { definitions: { restrictedField: { properties: { field: { enum: string[] } } } } };
  return [...schema.definitions.restrictedField.properties.field.enum].sort();
}

describe('restrictedFields[].field and .type against JumpCloud.SDK.V1.json', () => {
  it('the bridge locks only fields in the spec enum (src/mapping/lockable-fields.ts)', () => {
    expect([...JUMPCLOUD_LOCKABLE_FIELDS].sort()).toEqual(specEnum('field'));
  });

  it('the emulator enforces the same enums', () => {
    expect([...RESTRICTABLE_FIELDS].sort()).toEqual(specEnum('field'));
    expect([...RESTRICTION_TYPES].sort()).toEqual(specEnum('type'));
  });

  it('the request schemas the client validates with carry the same field enum', () => {
    expect(ourEnum('system-user-create.schema.json')).toEqual(specEnum('field'));
    expect(ourEnum('system-user-put.schema.json')).toEqual(specEnum('field'));
  });

  it('the bridge marks its restrictions with a type the spec knows', () => {
    expect(specEnum('type')).toContain(SCIM_RESTRICTION_TYPE);
  });
});
