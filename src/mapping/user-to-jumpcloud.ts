import type { SystemUser, SystemUserCreate, SystemUserPut, UserAddress, UserAttribute, UserPhoneNumber } from '../jumpcloud';
import { ScimError } from '../scim/scim-error';
import { URN, type ScimResource } from '../scim/scim-urns';
import { readDesiredUser, type DesiredUser } from './desired-user';
import { checkJumpCloudRules } from './jumpcloud-rules';
import type { ResolvedMapping } from './mapping-document';
import { renderUserName, findAttribute } from './user-to-scim';
import { deriveUsername } from './username-rule';

/**
 * The `POST /systemusers` body for a validated SCIM User (RFC 7644 §3.3). The username is derived
 * from userName by the mapping's rule; the exact userName goes to the custom attribute only when
 * it differs. `active` absent leaves the org default state; `password` absent makes the user
 * "password pending" (JumpCloud mails an activation link). JumpCloud's rules are checked first.
 */
export function toCreateBody(resource: ScimResource, mapping: ResolvedMapping): SystemUserCreate {
  const desired = readDesiredUser(resource, mapping);
  const username = deriveUsername(desired.userName, mapping.usernameRule);
  const body: SystemUserCreate = { username, email: desired.email };
  if (desired.alternateEmail) body.alternateEmail = desired.alternateEmail;
  for (const [field, value] of Object.entries(desired.scalars)) {
    if (value) (body as unknown as Record<string, unknown>)[field] = value;
  }
  if (desired.active !== undefined) body.state = desired.active ? 'ACTIVATED' : 'SUSPENDED';
  if (desired.password !== undefined) body.password = desired.password;
  if (desired.phoneNumbers && desired.phoneNumbers.length > 0) body.phoneNumbers = desired.phoneNumbers;
  if (desired.addresses && desired.addresses.length > 0) body.addresses = desired.addresses;
  if (desired.manager) body.manager = desired.manager.toLowerCase();
  const attributes: UserAttribute[] = [];
  if (desired.userName !== username) attributes.push({ name: mapping.scimUserNameAttribute, value: desired.userName });
  for (const [name, value] of desired.custom) if (value !== undefined) attributes.push({ name, value });
  if (attributes.length > 0) body.attributes = attributes;
  checkJumpCloudRules(body, mapping, 'create', { email: desired.emailPath, alternateEmail: desired.alternateEmailPath });
  return body;
}

/**
 * The `PUT /systemusers/{id}` body that makes `current` hold what `desired` (a whole SCIM User,
 * RFC 7644 §3.5.1, or the result of a PATCH) says: only fields that change. JumpCloud REPLACES
 * arrays on PUT (NOTES.md), so arrays are read-merged with `current`: custom attributes the
 * mapping does not own are kept, and so are an address's `poBox`/`extendedAddress`, which SCIM
 * cannot express. The username changes only when the new userName derives to a different one
 * (case-insensitively: JumpCloud usernames are unique regardless of case, and renaming a user
 * bound to resources fails). Answers undefined when nothing would change.
 */
export function toUpdateBody(desiredResource: ScimResource, current: SystemUser, mapping: ResolvedMapping): SystemUserPut | undefined {
  const desired = readDesiredUser(desiredResource, mapping);
  const body: SystemUserPut = {};
  const write = body as Record<string, unknown>;
  const username = nextUsername(desired, current, mapping);
  if (username !== current.username) body.username = username;
  if (desired.email !== (current.email ?? '')) body.email = desired.email;
  if (desired.alternateEmail !== undefined && desired.alternateEmail !== (current.alternateEmail ?? '')) body.alternateEmail = desired.alternateEmail;
  for (const [field, value] of Object.entries(desired.scalars)) {
    const before = current[field];
    if (value !== (typeof before === 'string' ? before : '')) write[field] = value;
  }
  if (desired.active !== undefined && desired.active !== (current.state === 'ACTIVATED')) body.state = desired.active ? 'ACTIVATED' : 'SUSPENDED';
  if (desired.password !== undefined) body.password = desired.password;
  if (desired.manager !== undefined && desired.manager.toLowerCase() !== (current.manager ?? '')) body.manager = desired.manager.toLowerCase();
  if (body.manager !== undefined && body.manager === current._id) {
    // JumpCloud refuses this with a text of its own; the client deserves to know which value and why.
    throw ScimError.of('invalidValue', `Attribute "${URN.enterpriseUser}:manager.value" names the user itself; a user cannot be their own manager.`);
  }
  if (desired.phoneNumbers) {
    const phones = desired.phoneNumbers;
    if (!sameItems(phones, current.phoneNumbers ?? [])) body.phoneNumbers = phones;
  }
  if (desired.addresses) {
    const addresses = mergeAddresses(desired.addresses, current.addresses ?? []);
    if (!sameItems(addresses, current.addresses ?? [])) body.addresses = addresses;
  }
  const attributes = mergeAttributes(desired, current, username, mapping);
  if (!sameItems(attributes, current.attributes ?? [])) body.attributes = attributes;
  if (Object.keys(body).length === 0) return undefined;
  checkJumpCloudRules(body, mapping, 'update', { email: desired.emailPath, alternateEmail: desired.alternateEmailPath });
  return body;
}

function nextUsername(desired: DesiredUser, current: SystemUser, mapping: ResolvedMapping): string {
  const currentUsername = current.username ?? '';
  // The userName the client already sees: nothing to rename (a user made in the console keeps
  // its mixed-case username even though the rule would lower-case it).
  if (desired.userName === renderUserName(current, mapping) && currentUsername !== '') return currentUsername;
  const derived = deriveUsername(desired.userName, mapping.usernameRule);
  return derived.toLowerCase() === currentUsername.toLowerCase() ? currentUsername : derived;
}

/**
 * `current.attributes` with the mapping's own entries set or removed in place (order kept so the
 * comparison sees no change when there is none); everything else untouched.
 */
function mergeAttributes(desired: DesiredUser, current: SystemUser, username: string, mapping: ResolvedMapping): UserAttribute[] {
  const wanted = new Map(desired.custom);
  wanted.set(mapping.scimUserNameAttribute, desired.userName !== username ? desired.userName : undefined);
  const merged: UserAttribute[] = [];
  const done = new Set<string>();
  for (const attribute of current.attributes ?? []) {
    const owner = [...wanted.keys()].find((name) => name.toLowerCase() === String(attribute.name).toLowerCase());
    if (owner === undefined) {
      merged.push({ name: attribute.name, value: String(attribute.value) });
      continue;
    }
    // A second copy of an owned name (differing in case) is dropped: one name, one value.
    if (done.has(owner)) continue;
    done.add(owner);
    const value = wanted.get(owner);
    if (value !== undefined) merged.push({ name: attribute.name, value });
  }
  for (const [name, value] of wanted) {
    if (!done.has(name) && value !== undefined && !findAttribute(merged, name)) merged.push({ name, value });
  }
  return merged;
}

/** Desired SCIM addresses, each carrying over the JumpCloud-only parts of the current address it replaces (same type, else same position). */
function mergeAddresses(desired: UserAddress[], current: UserAddress[]): UserAddress[] {
  const unused = [...current];
  return desired.map((address, index) => {
    const type = (address.type ?? '').toLowerCase();
    let match = unused.find((candidate) => (candidate.type ?? '').toLowerCase() === type);
    const sameIndex = current[index];
    if (!match && sameIndex && unused.includes(sameIndex)) match = sameIndex;
    if (match) unused.splice(unused.indexOf(match), 1);
    const merged: UserAddress = { ...address };
    if (match?.poBox) merged.poBox = match.poBox;
    if (match?.extendedAddress) merged.extendedAddress = match.extendedAddress;
    return merged;
  });
}

/**
 * The keys JumpCloud adds to every item of `attributes[]`, `addresses[]` and `phoneNumbers[]`:
 * `id` and `_id`, one value, re-issued on every PUT that replaces the array (NOTES.md "Observed in
 * real events"). They name no content: never compared, never sent back (the V1 PUT body has none).
 */
const ITEM_ID_KEYS = new Set(['id', '_id']);

/**
 * Item lists equal when their non-empty string fields are equal, ignoring JumpCloud's item ids: a
 * re-issued id is no change, so it never causes a PUT.
 */
function sameItems(a: readonly (UserAddress | UserPhoneNumber | UserAttribute)[], b: readonly (UserAddress | UserPhoneNumber | UserAttribute)[]): boolean {
  const canonical = (items: readonly object[]) =>
    JSON.stringify(
      items.map((item) =>
        Object.fromEntries(
          Object.entries(item)
            .filter(([key, value]) => !ITEM_ID_KEYS.has(key) && value !== '' && value !== undefined && value !== null)
            .map(([key, value]): [string, string] => [key, String(value)])
            .sort(([x], [y]) => (x < y ? -1 : 1)),
        ),
      ),
    );
  return canonical(a) === canonical(b);
}
