import type { ResourceTypeDefinition } from '../../../src/scim/schema/attribute-definition';
import { defineAttribute } from '../../../src/scim/schema/define-attribute';
import { coreUserSchema, enterpriseUserSchema } from '../../../src/scim/schema/rfc7643-catalog';

/** A project-own extension URN, as the mapping layer uses for JumpCloud custom attributes. */
export const CUSTOM_URN = 'urn:example:params:scim:schemas:extension:custom:2.0:User';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The full RFC 7643 User with the enterprise extension and a custom extension holding a `request` and a `never` attribute. */
export function userResourceType(): ResourceTypeDefinition {
  return {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: coreUserSchema(),
    extensions: [
      { schema: enterpriseUserSchema(), required: false },
      {
        schema: {
          id: CUSTOM_URN,
          name: 'CustomUser',
          description: 'Custom attributes',
          attributes: [
            defineAttribute('costCode', 'string', 'A cost code.'),
            defineAttribute('badgeSecret', 'string', 'Returned on request only.', { returned: 'request' }),
            defineAttribute('vault', 'string', 'Never returned.', { returned: 'never', mutability: 'writeOnly' }),
            defineAttribute('hireDate', 'dateTime', 'Date of hire.'),
            defineAttribute('level', 'integer', 'Grade level.'),
            defineAttribute('badgeCode', 'string', 'A case-exact code.', { caseExact: true }),
          ],
        },
        required: false,
      },
    ],
  };
}
