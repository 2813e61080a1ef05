/**
 * A realistic served-schema set for the filter tests: the RFC 7643 §4.1 core User (the attributes
 * clients filter on), the enterprise extension (§4.3) and a custom extension with the project's
 * own URN carrying the numeric and dateTime types the core lacks. The real catalog lives in
 * src/scim/schema/; these tests must not depend on it.
 */
import type { AttributeDefinition, AttributeType, SchemaDefinition } from '../../../src/scim/schema/attribute-definition';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CUSTOM_USER = 'urn:example:jumpcloud-scim-bridge:schemas:extension:custom:1.0:User';

function attr(name: string, type: AttributeType, extra: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: `${name} (test definition)`,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...extra,
  };
}

/** emails, phoneNumbers, ims, photos: RFC 7643 §4.1.2 multi-valued value/display/type/primary. */
function multiValued(name: string, valueType: AttributeType = 'string', extra: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return attr(name, 'complex', {
    multiValued: true,
    subAttributes: [attr('value', valueType), attr('display', 'string'), attr('type', 'string', { canonicalValues: ['work', 'home', 'other'] }), attr('primary', 'boolean')],
    ...extra,
  });
}

export const coreUserSchema: SchemaDefinition = {
  id: CORE_USER,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', { required: true, uniqueness: 'server' }),
    attr('name', 'complex', {
      subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((sub) => attr(sub, 'string')),
    }),
    attr('displayName', 'string'),
    attr('nickName', 'string'),
    attr('profileUrl', 'reference', { referenceTypes: ['external'] }),
    attr('title', 'string'),
    attr('userType', 'string'),
    attr('preferredLanguage', 'string'),
    attr('locale', 'string'),
    attr('timezone', 'string'),
    attr('active', 'boolean'),
    attr('password', 'string', { mutability: 'writeOnly', returned: 'never' }),
    multiValued('emails'),
    multiValued('phoneNumbers'),
    attr('addresses', 'complex', {
      multiValued: true,
      subAttributes: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((sub) => attr(sub, 'string')).concat(attr('primary', 'boolean')),
    }),
    attr('groups', 'complex', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        attr('value', 'string', { mutability: 'readOnly' }),
        attr('$ref', 'reference', { referenceTypes: ['User', 'Group'], mutability: 'readOnly' }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
      ],
    }),
    multiValued('roles'),
    attr('x509Certificates', 'complex', { multiValued: true, subAttributes: [attr('value', 'binary'), attr('display', 'string'), attr('type', 'string'), attr('primary', 'boolean')] }),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'string'),
    attr('costCenter', 'string'),
    attr('organization', 'string'),
    attr('division', 'string'),
    attr('department', 'string'),
    attr('manager', 'complex', {
      subAttributes: [attr('value', 'string'), attr('$ref', 'reference', { referenceTypes: ['User'] }), attr('displayName', 'string', { mutability: 'readOnly' })],
    }),
  ],
};

/** JumpCloud custom attributes as an admin would map them, under the project's own URN. */
export const customUserSchema: SchemaDefinition = {
  id: CUSTOM_USER,
  name: 'JumpCloudCustomAttributes',
  description: 'JumpCloud custom attributes',
  attributes: [
    attr('costCode', 'string', { caseExact: true }),
    attr('badgeNumber', 'integer'),
    attr('hourlyRate', 'decimal'),
    attr('contractEnd', 'dateTime'),
    attr('remote', 'boolean'),
    attr('skills', 'string', { multiValued: true }),
    attr('badgePhoto', 'binary'),
    attr('preferences', 'complex', { subAttributes: [attr('theme', 'string'), attr('language', 'string')] }),
  ],
};

/** Core first, then the extensions: the order compileFilter and resolveAttribute expect. */
export const userSchemas: SchemaDefinition[] = [coreUserSchema, enterpriseUserSchema, customUserSchema];
