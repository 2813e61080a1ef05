/**
 * The JumpCloud user fields an external source can lock: JumpCloud.SDK.V1.json limits
 * `restrictedFields[].field` (definition `restrictedField`) to exactly this enum (NOTES.md
 * "restrictedFields"). A field outside it (`alternateEmail`, `external_dn`, `manager`, custom
 * `attributes`) cannot be locked, and asking for it risks a 400 on every write. The one list the
 * bridge holds; `npm run test:spec` keeps it equal to the spec's enum.
 */
export const JUMPCLOUD_LOCKABLE_FIELDS = [
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

/** A field JumpCloud lets a source lock. */
export type LockableField = (typeof JUMPCLOUD_LOCKABLE_FIELDS)[number];

/** True when JumpCloud accepts `field` in `restrictedFields[].field`. */
export function isLockableField(field: string): field is LockableField {
  return (JUMPCLOUD_LOCKABLE_FIELDS as readonly string[]).includes(field);
}
