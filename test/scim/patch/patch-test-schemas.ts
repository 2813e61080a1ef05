import type { AttributeDefinition, AttributeType, SchemaDefinition } from '../../../src/scim/schema/attribute-definition';

/** RFC 7643 §2.2 defaults, overridden per attribute: the shape of the RFC 7643 §8.7 catalog. */
function attr(name: string, type: AttributeType, overrides: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return { name, type, multiValued: false, description: name, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...overrides };
}

function complex(name: string, subAttributes: AttributeDefinition[], overrides: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return attr(name, 'complex', { ...overrides, subAttributes });
}

/** `value`, `display`, `type`, `primary`: the RFC 7643 §2.4 sub-attributes of emails and phoneNumbers. */
function plural(name: string, valueType: AttributeType = 'string'): AttributeDefinition {
  return complex(name, [attr('value', valueType), attr('display', 'string'), attr('type', 'string', { canonicalValues: ['work', 'home', 'other'] }), attr('primary', 'boolean')], { multiValued: true });
}

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** A project-style extension for custom attributes, to cover integer, dateTime, immutable and multi-valued strings. */
export const CUSTOM = 'urn:example:scim:schemas:extension:custom:2.0:User';

/** A realistic User core schema (RFC 7643 §4.1), groups readOnly as the RFC has it. */
export const USER_SCHEMA: SchemaDefinition = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:User',
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', { required: true, uniqueness: 'server' }),
    complex('name', ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((sub) => attr(sub, 'string'))),
    attr('displayName', 'string'),
    attr('title', 'string'),
    attr('userType', 'string'),
    attr('active', 'boolean'),
    attr('password', 'string', { mutability: 'writeOnly', returned: 'never', caseExact: true }),
    attr('externalId', 'string', { caseExact: true }),
    plural('emails'),
    plural('phoneNumbers'),
    complex(
      'addresses',
      [...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((sub) => attr(sub, 'string')), attr('primary', 'boolean')],
      { multiValued: true },
    ),
    complex(
      'groups',
      [attr('value', 'string', { mutability: 'readOnly' }), attr('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['Group'] }), attr('display', 'string', { mutability: 'readOnly' }), attr('type', 'string', { mutability: 'readOnly' })],
      { multiValued: true, mutability: 'readOnly' },
    ),
  ],
};

/** RFC 7643 §4.3 enterprise extension. */
export const ENTERPRISE_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((name) => attr(name, 'string')),
    complex('manager', [attr('value', 'string'), attr('$ref', 'reference', { referenceTypes: ['User'] }), attr('displayName', 'string', { mutability: 'readOnly' })]),
  ],
};

export const CUSTOM_SCHEMA: SchemaDefinition = {
  id: CUSTOM,
  name: 'Custom',
  description: 'Custom attributes',
  attributes: [
    attr('costCode', 'integer'),
    attr('ratio', 'decimal'),
    attr('hiredAt', 'dateTime'),
    attr('badgeId', 'string', { mutability: 'immutable', caseExact: true }),
    attr('badges', 'string', { multiValued: true }),
    attr('remote', 'boolean'),
  ],
};

/** RFC 7643 §4.2 Group, members' `value` required (a member without one names nobody). */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', { required: true }),
    complex(
      'members',
      [
        attr('value', 'string', { mutability: 'immutable', required: true, caseExact: true }),
        attr('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
      { multiValued: true },
    ),
  ],
};

/** The schema sets by name, core schema first as the PATCH engine expects. */
export const SCHEMA_SETS: Record<string, SchemaDefinition[]> = {
  user: [USER_SCHEMA, ENTERPRISE_SCHEMA, CUSTOM_SCHEMA],
  group: [GROUP_SCHEMA],
};
