import type { UserAddress, UserPhoneNumber } from '../jumpcloud';
import { URN, type ScimResource } from '../scim/scim-urns';
import type { ResolvedMapping, ScalarField } from './mapping-document';
import { JUMPCLOUD_USER_EXTENSION_URN } from './mapping-urns';

/**
 * What a validated SCIM User asks JumpCloud to hold, in JumpCloud's vocabulary. For PUT (RFC 7644
 * §3.5.1 replaces the resource) an attribute the client left out is "unset": `''` for strings,
 * `[]` for arrays, `undefined` for custom attributes; fields the mapping does not map are absent
 * and so never touched.
 */
export interface DesiredUser {
  userName: string;
  email: string;
  /** The SCIM path of the item `email` was read from, for details (see `emailPath`). */
  emailPath: string;
  alternateEmail?: string;
  /** The SCIM path of the item `alternateEmail` was read from, when there is one. */
  alternateEmailPath?: string;
  scalars: Partial<Record<ScalarField, string>>;
  /** undefined: the client did not say (the state is left as it is). */
  active?: boolean;
  password?: string;
  phoneNumbers?: UserPhoneNumber[];
  addresses?: UserAddress[];
  manager?: string;
  /** JumpCloud custom attribute name -> text value, or undefined to remove it. */
  custom: Map<string, string | undefined>;
}

type Item = Record<string, unknown>;

/** The SCIM notation of the work e-mail, used in details. */
export const WORK_EMAIL_PATH = 'emails[type eq "work"].value';

/** What a client must send when it sends no e-mail at all (the detail of that 400). */
export const EMAIL_REQUIRED_DETAIL =
  'Attribute "emails" must hold at least one e-mail address: JumpCloud requires one on every user. Send e.g. "emails": [{"value": "jane.doe@example.com", "type": "work", "primary": true}]; the "work" item, else the primary one, else the first becomes the JumpCloud e-mail.';

/** One e-mail item of a resource with its value trimmed. */
interface EmailItem {
  value: string;
  type: unknown;
  primary: unknown;
}

/**
 * The e-mails of a resource, read liberally: real clients send `type` as "work", "Work ",
 * "corp", "other", "home" or not at all (CLIENTS.md). JumpCloud holds two addresses, so:
 * - `email` (required by JumpCloud) is the `type` "work" item (any case, blanks around it
 *   ignored), else the `primary: true` one, else the first;
 * - `alternateEmail` is the next one in the client's order that is another address.
 * JumpCloud keeps no e-mail types, so a read renders `email` as `{type: "work", primary: true}` and
 * `alternateEmail` as `{type: "other"}` (user-to-scim.ts): the client's primary address stays
 * primary, and sending the same e-mails again (or the rendered ones) changes nothing.
 */
function chooseEmails(resource: ScimResource): { email?: EmailItem; alternate?: EmailItem } {
  const emails: EmailItem[] = items(resource.emails)
    .map((item) => ({ value: typeof item.value === 'string' ? item.value.trim() : '', type: item.type, primary: item.primary }))
    .filter((item) => item.value !== '');
  const email = emails.find((item) => isWork(item.type)) ?? emails.find((item) => item.primary === true) ?? emails[0];
  const alternate = email && emails.find((item) => item.value.toLowerCase() !== email.value.toLowerCase());
  return { email, alternate };
}

/**
 * False when a request body (before validation) carries no `emails` (any case, core-URN-qualified
 * or not) or only items without a value: checked before the schema, whose "emails is required"
 * says less about what to send. Anything else (a wrong type) is left to the schema's own detail.
 */
export function sendsAnEmail(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return true;
  const key = Object.keys(body).find((name) => /^(urn:ietf:params:scim:schemas:core:2\.0:user:)?emails$/i.test(name));
  const emails = key === undefined ? undefined : (body as Record<string, unknown>)[key];
  if (emails === undefined || emails === null) return false;
  if (!Array.isArray(emails)) return true;
  return emails.some((item) => {
    if (typeof item !== 'object' || item === null) return true;
    const valueKey = Object.keys(item).find((name) => name.toLowerCase() === 'value');
    const value = valueKey === undefined ? undefined : (item as Record<string, unknown>)[valueKey];
    if (value === undefined || value === null) return false;
    return typeof value !== 'string' || value.trim() !== '';
  });
}

/**
 * Reads a resource that `validateInbound` accepted, in JumpCloud's vocabulary (e-mails as
 * `chooseEmails` says).
 */
export function readDesiredUser(resource: ScimResource, mapping: ResolvedMapping): DesiredUser {
  const { email, alternate } = chooseEmails(resource);
  const enterprise = (resource[URN.enterpriseUser] ?? {}) as Item;
  const desired: DesiredUser = {
    userName: typeof resource.userName === 'string' ? resource.userName : '',
    email: email?.value ?? '',
    emailPath: email ? emailPath(email) : WORK_EMAIL_PATH,
    scalars: {},
    custom: new Map(),
  };
  if (mapping.otherEmail) {
    desired.alternateEmail = alternate?.value ?? '';
    if (alternate) desired.alternateEmailPath = emailPath(alternate);
  }
  for (const scalar of mapping.scalars) {
    const holder = scalar.schema === URN.enterpriseUser ? enterprise : (resource as Item);
    const top = holder[scalar.attribute];
    const value = scalar.subAttribute ? (isItem(top) ? top[scalar.subAttribute] : undefined) : top;
    desired.scalars[scalar.field] = typeof value === 'string' ? value : '';
  }
  if (mapping.special.has('active') && typeof resource.active === 'boolean') desired.active = resource.active;
  if (mapping.special.has('password') && typeof resource.password === 'string' && resource.password !== '') desired.password = resource.password;
  if (mapping.special.has('phoneNumbers')) {
    desired.phoneNumbers = items(resource.phoneNumbers)
      .filter((item) => typeof item.value === 'string' && item.value !== '')
      .map((item) => clean({ type: item.type, number: item.value }));
  }
  if (mapping.special.has('addresses')) {
    desired.addresses = items(resource.addresses)
      .map((item) => clean({ type: item.type, streetAddress: item.streetAddress, locality: item.locality, region: item.region, postalCode: item.postalCode, country: item.country }))
      .filter((address) => Object.keys(address).some((key) => key !== 'type'));
  }
  if (mapping.special.has('manager')) {
    const manager = enterprise.manager;
    desired.manager = isItem(manager) && typeof manager.value === 'string' ? manager.value : '';
  }
  const extension = (resource[JUMPCLOUD_USER_EXTENSION_URN] ?? {}) as Item;
  for (const entry of mapping.custom) {
    const value = extension[entry.name];
    desired.custom.set(entry.jumpcloud, value === undefined || value === null || value === '' ? undefined : String(value));
  }
  return desired;
}

function items(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter(isItem) : [];
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWork(type: unknown): boolean {
  return typeof type === 'string' && type.trim().toLowerCase() === 'work';
}

/** Where an e-mail sits, in SCIM path notation the client can act on (RFC 7644 §3.5.2 valuePath). */
function emailPath(item: EmailItem): string {
  if (isWork(item.type)) return WORK_EMAIL_PATH;
  if (typeof item.type === 'string' && item.type.trim().toLowerCase() === 'other') return 'emails[type eq "other"].value';
  return `emails[value eq ${JSON.stringify(item.value)}].value`;
}

/** Keeps the non-empty string properties. */
function clean(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}
