/**
 * The resource schemas of RFC 7643 §4 with every characteristic exactly as the schema
 * representation of RFC 7643 §8.7.1 gives it. Where §8.7.1 leaves a characteristic out (e.g.
 * `caseExact` and `uniqueness` of booleans and complex attributes) the §2.2 default applies, which
 * is what `defineAttribute` fills in. The mapping layer serves a SUBSET of this catalog (only what
 * it maps) via `selectAttributes`; this file never decides what is served.
 */
import type { AttributeDefinition, Mutability, SchemaDefinition } from './attribute-definition';
import { defineAttribute, defineComplex } from './define-attribute';
import { URN } from '../scim-urns';

const PRIMARY_DESCRIPTION = "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once.";
const DISPLAY_DESCRIPTION = 'A human-readable name, primarily used for display purposes.';

/**
 * The `value`/`display`/`type`/`primary` quartet shared by the multi-valued attributes of
 * RFC 7643 §2.4 and §4.1.2, as §8.7.1 lists it for each of them.
 */
function multiValuedParts(
  value: AttributeDefinition,
  typeDescription: string,
  canonicalValues: string[] | undefined,
): AttributeDefinition[] {
  return [
    value,
    defineAttribute('display', 'string', DISPLAY_DESCRIPTION),
    defineAttribute('type', 'string', typeDescription, canonicalValues ? { canonicalValues } : {}),
    defineAttribute('primary', 'boolean', PRIMARY_DESCRIPTION),
  ];
}

function nameAttribute(): AttributeDefinition {
  const part = (name: string, description: string) => defineAttribute(name, 'string', description);
  return defineComplex("name", "The components of the user's real name.", [
    part('formatted', 'The full name, including all middle names, titles, and suffixes as appropriate, formatted for display.'),
    part('familyName', 'The family name of the User, or last name in most Western languages.'),
    part('givenName', 'The given name of the User, or first name in most Western languages.'),
    part('middleName', 'The middle name(s) of the User.'),
    part('honorificPrefix', 'The honorific prefix(es) of the User, or title in most Western languages.'),
    part('honorificSuffix', 'The honorific suffix(es) of the User, or suffix in most Western languages.'),
  ]);
}

function addressesAttribute(): AttributeDefinition {
  const part = (name: string, description: string) => defineAttribute(name, 'string', description);
  return defineComplex(
    'addresses',
    "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'.",
    [
      part('formatted', 'The full mailing address, formatted for display or use with a mailing label.'),
      part('streetAddress', 'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.'),
      part('locality', 'The city or locality component.'),
      part('region', 'The state or region component.'),
      part('postalCode', 'The zip code or postal code component.'),
      part('country', 'The country name component.'),
      defineAttribute('type', 'string', "A label indicating the attribute's function, e.g., 'work' or 'home'.", { canonicalValues: ['work', 'home', 'other'] }),
      // §8.7.1 omits `primary` here, but §4.1.2 defines it for addresses like every multi-valued
      // attribute and clients (Entra, Okta) send it: serve it with the §2.4 characteristics.
      defineAttribute('primary', 'boolean', PRIMARY_DESCRIPTION),
    ],
    { multiValued: true },
  );
}

function groupsAttribute(): AttributeDefinition {
  // §8.7.1: the User's groups are managed through the Group resource, so all of it is readOnly.
  const readOnly: { mutability: Mutability } = { mutability: 'readOnly' };
  return defineComplex(
    'groups',
    'A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.',
    [
      defineAttribute('value', 'string', "The identifier of the User's group.", readOnly),
      defineAttribute('$ref', 'reference', "The URI of the corresponding 'Group' resource to which the user belongs.", { ...readOnly, referenceTypes: ['User', 'Group'] }),
      defineAttribute('display', 'string', DISPLAY_DESCRIPTION, readOnly),
      defineAttribute('type', 'string', "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", { ...readOnly, canonicalValues: ['direct', 'indirect'] }),
    ],
    { multiValued: true, mutability: 'readOnly' },
  );
}

/** RFC 7643 §4.1 and §8.7.1: the core User schema (without the §3.1 common attributes). */
export function coreUserSchema(): SchemaDefinition {
  const text = (name: string, description: string) => defineAttribute(name, 'string', description);
  return {
    id: URN.user,
    name: 'User',
    description: 'User Account',
    attributes: [
      defineAttribute('userName', 'string', "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value. This identifier MUST be unique across the service provider's entire set of Users.", { required: true, uniqueness: 'server' }),
      nameAttribute(),
      text('displayName', 'The name of the User, suitable for display to end-users.'),
      text('nickName', "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
      defineAttribute('profileUrl', 'reference', "A fully qualified URL pointing to a page representing the User's online profile.", { referenceTypes: ['external'] }),
      text('title', 'The user\'s title, such as "Vice President."'),
      text('userType', 'Used to identify the relationship between the organization and the user, e.g., Contractor, Employee, Intern, Temp, External, Unknown.'),
      text('preferredLanguage', "Indicates the User's preferred written or spoken language, e.g., 'en_US'."),
      text('locale', "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations."),
      text('timezone', "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
      defineAttribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
      defineAttribute('password', 'string', "The User's cleartext password, to set an initial password or reset an existing one. Never returned.", { mutability: 'writeOnly', returned: 'never' }),
      defineComplex('emails', "Email addresses for the user. Canonical type values of 'work', 'home', and 'other'.",
        multiValuedParts(text('value', 'Email addresses for the user.'), "A label indicating the attribute's function, e.g., 'work' or 'home'.", ['work', 'home', 'other']),
        { multiValued: true }),
      defineComplex('phoneNumbers', "Phone numbers for the User. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
        multiValuedParts(text('value', 'Phone number of the User.'), "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.", ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
        { multiValued: true }),
      defineComplex('ims', 'Instant messaging addresses for the User.',
        multiValuedParts(text('value', 'Instant messaging address for the User.'), "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.", ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
        { multiValued: true }),
      defineComplex('photos', 'URLs of photos of the User.',
        multiValuedParts(defineAttribute('value', 'reference', 'URL of a photo of the User.', { referenceTypes: ['external'] }), "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.", ['photo', 'thumbnail']),
        { multiValued: true }),
      addressesAttribute(),
      groupsAttribute(),
      defineComplex('entitlements', 'A list of entitlements for the User that represent a thing the User has.',
        multiValuedParts(text('value', 'The value of an entitlement.'), "A label indicating the attribute's function.", undefined),
        { multiValued: true }),
      defineComplex('roles', "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
        multiValuedParts(text('value', 'The value of a role.'), "A label indicating the attribute's function.", []),
        { multiValued: true }),
      defineComplex('x509Certificates', 'A list of certificates issued to the User.',
        multiValuedParts(defineAttribute('value', 'binary', 'The value of an X.509 certificate.'), "A label indicating the attribute's function.", []),
        { multiValued: true }),
    ],
  };
}

/** RFC 7643 §4.2 and §8.7.1: the core Group schema. */
export function coreGroupSchema(): SchemaDefinition {
  // §8.7.1: a member reference cannot be edited in place, only added or removed.
  const immutable: { mutability: Mutability } = { mutability: 'immutable' };
  return {
    id: URN.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      // §4.2 calls displayName REQUIRED in prose while §8.7.1 publishes required false; the
      // published representation is what clients read, so it is kept.
      defineAttribute('displayName', 'string', 'A human-readable name for the Group. REQUIRED.'),
      defineComplex('members', 'A list of members of the Group.', [
        defineAttribute('value', 'string', 'Identifier of the member of this Group.', immutable),
        defineAttribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', { ...immutable, referenceTypes: ['User', 'Group'] }),
        // §8.7.1 leaves `display` out, but the Group example of §8.4 carries it on every member and
        // clients read it; it is the server's to fill, hence readOnly.
        defineAttribute('display', 'string', DISPLAY_DESCRIPTION, { mutability: 'readOnly' }),
        defineAttribute('type', 'string', "A label indicating the type of resource, e.g., 'User' or 'Group'.", { ...immutable, canonicalValues: ['User', 'Group'] }),
      ], { multiValued: true }),
    ],
  };
}

/** RFC 7643 §4.3 and §8.7.1: the Enterprise User extension. */
export function enterpriseUserSchema(): SchemaDefinition {
  const text = (name: string, description: string) => defineAttribute(name, 'string', description);
  return {
    id: URN.enterpriseUser,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: [
      text('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.'),
      text('costCenter', 'Identifies the name of a cost center.'),
      text('organization', 'Identifies the name of an organization.'),
      text('division', 'Identifies the name of a division.'),
      text('department', 'Identifies the name of a department.'),
      defineComplex('manager', "The User's manager. A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.", [
        text('value', "The id of the SCIM resource representing the User's manager."),
        defineAttribute('$ref', 'reference', "The URI of the SCIM resource representing the User's manager.", { referenceTypes: ['User'] }),
        defineAttribute('displayName', 'string', "The displayName of the User's manager. OPTIONAL and READ-ONLY.", { mutability: 'readOnly' }),
      ]),
    ],
  };
}
