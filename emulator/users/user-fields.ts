/**
 * The shape of a v1 system user, as tables: which fields exist, what each holds when unset, and
 * which a client may write. Taken from the Swagger definitions `systemuserreturn` (read) and
 * `systemuserputpost` / `systemuserput` (write) in JumpCloud.SDK.V1.json, plus the real-world
 * `employeeIdentifier: null` that the spec cannot express (NOTES.md).
 */

/** String fields a client may write; unset they come back as `""`. */
export const WRITABLE_STRING_FIELDS = [
  'username',
  'email',
  'firstname',
  'middlename',
  'lastname',
  'displayname',
  'alternateEmail',
  'jobTitle',
  'department',
  'costCenter',
  'company',
  'employeeType',
  'location',
  'description',
  'manager',
  'managedAppleId',
  'external_dn',
  'external_source_type',
  'external_password_expiration_date',
  'public_key',
] as const;

/** Boolean fields a client may write; unset they come back `false`. */
export const WRITABLE_BOOLEAN_FIELDS = [
  'account_locked',
  'allow_public_key',
  'disableDeviceMaxLoginAttempts',
  'enable_managed_uid',
  'enable_user_portal_multifactor',
  'externally_managed',
  'ldap_binding_user',
  'password_never_expires',
  'passwordless_sudo',
  'samba_service_user',
  'sudo',
] as const;

/** Array fields a client may write; a PUT replaces them whole. Unset they come back `[]`. */
export const WRITABLE_ARRAY_FIELDS = ['addresses', 'phoneNumbers', 'attributes', 'relationships', 'restrictedFields', 'ssh_keys'] as const;

/**
 * What `restrictedFields[]` items may say: JumpCloud.SDK.V1.json's `restrictedField` definition
 * limits `field` to these (the fields an external source can own) and `type` to the three sources.
 */
export const RESTRICTABLE_FIELDS = [
  'addresses',
  'company',
  'costCenter',
  'department',
  'description',
  'displayname',
  'email',
  'employeeIdentifier',
  'employeeType',
  'firstname',
  'jobTitle',
  'lastname',
  'location',
  'middlename',
  'password',
  'phoneNumbers',
  'sudo',
  'username',
] as const;

/** `restrictedFields[].type` values of the same definition. */
export const RESTRICTION_TYPES = ['active_directory', 'federated_identity_provider', 'scim'] as const;

/** Positive integer fields a client may write. */
export const WRITABLE_INTEGER_FIELDS = ['unix_uid', 'unix_guid'] as const;

/** Object fields a client may write (kept as given). */
export const WRITABLE_OBJECT_FIELDS = ['mfa', 'recoveryEmail', 'delegatedAuthority'] as const;

/**
 * Fields with their own rules, handled by the store: `state`, `suspended`, `password`,
 * `employeeIdentifier`, plus `activated`, which JumpCloud derives from whether a password exists.
 */
export const SPECIAL_WRITABLE_FIELDS = ['state', 'suspended', 'password', 'employeeIdentifier'] as const;

/** A user's states (`systemuserreturn.state`). */
export const USER_STATES = ['STAGED', 'ACTIVATED', 'SUSPENDED'] as const;
export type UserState = (typeof USER_STATES)[number];

/** Indexed for `$eq` lookups without scanning the directory. */
export const INDEXED_FIELDS = ['_id', 'id', 'username', 'email', 'employeeIdentifier'] as const;

/**
 * A user record with every field at its unset value, in the order JumpCloud prints them
 * (alphabetical, as its serializer does), before identity fields are filled in.
 */
export function blankUser(): Record<string, unknown> {
  return {
    _id: '',
    account_locked: false,
    account_locked_date: null,
    activated: false,
    addresses: [],
    admin: null,
    allow_public_key: false,
    alternateEmail: '',
    attributes: [],
    badLoginAttempts: 0,
    company: '',
    costCenter: '',
    created: '',
    creationSource: '',
    delegatedAuthority: null,
    department: '',
    description: '',
    disableDeviceMaxLoginAttempts: false,
    displayname: '',
    email: '',
    employeeIdentifier: null,
    employeeType: '',
    enable_managed_uid: false,
    enable_user_portal_multifactor: false,
    external_dn: '',
    external_password_expiration_date: '',
    external_source_type: '',
    externally_managed: false,
    firstname: '',
    id: '',
    jobTitle: '',
    lastname: '',
    ldap_binding_user: false,
    location: '',
    managedAppleId: '',
    manager: '',
    mfa: { configured: false, exclusion: false },
    mfaEnrollment: { overallStatus: 'NOT_ENROLLED', pushStatus: 'NOT_ENROLLED', totpStatus: 'NOT_ENROLLED', webAuthnStatus: 'NOT_ENROLLED' },
    middlename: '',
    organization: '',
    password_date: null,
    password_expiration_date: null,
    password_expired: false,
    password_never_expires: false,
    passwordless_sudo: false,
    phoneNumbers: [],
    public_key: '',
    recoveryEmail: {},
    relationships: [],
    restrictedFields: [],
    samba_service_user: false,
    ssh_keys: [],
    state: 'ACTIVATED',
    sudo: false,
    suspended: false,
    totp_enabled: false,
    unix_guid: 0,
    unix_uid: 0,
    username: '',
  };
}
