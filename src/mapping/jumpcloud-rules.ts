import { jumpcloudValidators, type SystemUserCreate, type SystemUserPut } from '../jumpcloud';
import { ScimError } from '../scim/scim-error';
import { URN } from '../scim/scim-urns';
import type { ResolvedMapping } from './mapping-document';
import { JUMPCLOUD_USER_EXTENSION_URN } from './mapping-urns';
import { WORK_EMAIL_PATH } from './desired-user';
import { isValidJumpCloudUsername, USERNAME_RULE_TEXT } from './username-rule';

// The emulator and JumpCloud's console both want a dot in the domain; the spec's pattern is looser.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 1024;
const MAX_EMPLOYEE_IDENTIFIER = 256;
const OBJECT_ID = /^[0-9a-f]{24}$/;

/** The SCIM paths the client's e-mails came from (`DesiredUser.emailPath`), so a detail names ITS item. */
export interface EmailPaths {
  email?: string;
  alternateEmail?: string;
}

/**
 * Checks JumpCloud's own rules on an outbound create/update body BEFORE the call, so the client
 * gets a 400 `invalidValue` naming ITS attribute and quoting the rule, instead of JumpCloud's
 * text (NOTES.md: username characters and length, custom attribute names, e-mail shape, lengths).
 * Finally the body is checked against the JumpCloud request schema the client would enforce, so a
 * body the client would refuse (a 500) is reported here as the client's 400.
 */
export function checkJumpCloudRules(body: SystemUserCreate | SystemUserPut, mapping: ResolvedMapping, kind: 'create' | 'update', emailPaths: EmailPaths = {}): void {
  const names = scimNames(mapping);
  if (emailPaths.email) names.set('email', emailPaths.email);
  if (emailPaths.alternateEmail) names.set('alternateEmail', emailPaths.alternateEmail);
  if (body.username !== undefined && !isValidJumpCloudUsername(body.username)) {
    refuse(`Attribute "userName" gives the JumpCloud username "${body.username}", which JumpCloud refuses: ${USERNAME_RULE_TEXT}.`);
  }
  if (body.email !== undefined && !EMAIL.test(body.email)) {
    refuse(`Attribute "${names.get('email') ?? WORK_EMAIL_PATH}" must be an e-mail address of the form name@domain.tld (JumpCloud requires one on every user).`);
  }
  if (body.alternateEmail !== undefined && body.alternateEmail !== '' && !EMAIL.test(body.alternateEmail)) {
    refuse(`Attribute "${names.get('alternateEmail') ?? 'emails'}" must be an e-mail address of the form name@domain.tld.`);
  }
  if (body.manager !== undefined && body.manager !== '' && !OBJECT_ID.test(body.manager)) {
    refuse(`Attribute "${URN.enterpriseUser}:manager.value" must be the id of a User of this service provider (24 hexadecimal characters).`);
  }
  if (body.employeeIdentifier !== undefined && body.employeeIdentifier.length > MAX_EMPLOYEE_IDENTIFIER) {
    refuse(`Attribute "${names.get('employeeIdentifier') ?? 'employeeIdentifier'}" must be at most ${MAX_EMPLOYEE_IDENTIFIER} characters (a JumpCloud limit).`);
  }
  for (const [field, value] of Object.entries(body)) {
    if (typeof value === 'string' && field !== 'password' && value.length > MAX_TEXT) {
      refuse(`Attribute "${names.get(field) ?? field}" must be at most ${MAX_TEXT} characters (a JumpCloud limit).`);
    }
  }
  for (const attribute of body.attributes ?? []) {
    if (!/^[A-Za-z0-9]{1,31}$/.test(attribute.name)) {
      refuse(`JumpCloud custom attribute name "${attribute.name}" is refused by JumpCloud: names hold only letters and digits and are shorter than 32 characters.`);
    }
    if (attribute.value.length > MAX_TEXT) refuse(`Attribute "${names.get(`attributes.${attribute.name}`) ?? attribute.name}" must be at most ${MAX_TEXT} characters (a JumpCloud limit).`);
  }
  for (const phone of body.phoneNumbers ?? []) {
    if ((phone.number ?? '').length > MAX_TEXT || (phone.type ?? '').length > MAX_TEXT) refuse(`Attribute "phoneNumbers" holds a value longer than ${MAX_TEXT} characters (a JumpCloud limit).`);
  }
  for (const address of body.addresses ?? []) {
    if (Object.values(address).some((value) => typeof value === 'string' && value.length > MAX_TEXT)) refuse(`Attribute "addresses" holds a value longer than ${MAX_TEXT} characters (a JumpCloud limit).`);
  }
  const validate = kind === 'create' ? jumpcloudValidators.systemUserCreate : jumpcloudValidators.systemUserPut;
  if (!validate(body)) {
    const field = validate.errors?.[0]?.instancePath.split('/')[1] ?? '';
    refuse(`Attribute "${names.get(field) ?? field}" has a value JumpCloud cannot store.`);
  }
}

/** JumpCloud field -> the SCIM attribute it comes from, for details. */
function scimNames(mapping: ResolvedMapping): Map<string, string> {
  const names = new Map<string, string>([
    ['username', 'userName'],
    ['email', WORK_EMAIL_PATH],
    ['alternateEmail', 'emails[type eq "other"].value'],
    ['manager', `${URN.enterpriseUser}:manager.value`],
    ['phoneNumbers', 'phoneNumbers'],
    ['addresses', 'addresses'],
    ['state', 'active'],
    ['password', 'password'],
  ]);
  for (const scalar of mapping.scalars) {
    const local = scalar.subAttribute ? `${scalar.attribute}.${scalar.subAttribute}` : scalar.attribute;
    names.set(scalar.field, scalar.schema === URN.enterpriseUser ? `${URN.enterpriseUser}:${local}` : local);
  }
  for (const entry of mapping.custom) names.set(`attributes.${entry.jumpcloud}`, `${JUMPCLOUD_USER_EXTENSION_URN}:${entry.name}`);
  return names;
}

function refuse(detail: string): never {
  throw ScimError.of('invalidValue', detail);
}
