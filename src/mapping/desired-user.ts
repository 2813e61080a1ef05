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
  alternateEmail?: string;
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

/**
 * Reads a resource that `validateInbound` accepted. The work e-mail is the `type: "work"` item,
 * else the primary one, else the first (clients differ: SailPoint may send no type); the other
 * e-mail is the first remaining item.
 */
export function readDesiredUser(resource: ScimResource, mapping: ResolvedMapping): DesiredUser {
  const emails = items(resource.emails).filter((item) => typeof item.value === 'string' && item.value !== '');
  const work = emails.find((item) => lower(item.type) === 'work') ?? emails.find((item) => item.primary === true) ?? emails[0];
  const other = emails.find((item) => item !== work);
  const enterprise = (resource[URN.enterpriseUser] ?? {}) as Item;
  const desired: DesiredUser = {
    userName: typeof resource.userName === 'string' ? resource.userName : '',
    email: typeof work?.value === 'string' ? work.value : '',
    scalars: {},
    custom: new Map(),
  };
  if (mapping.otherEmail) desired.alternateEmail = typeof other?.value === 'string' ? other.value : '';
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

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** Keeps the non-empty string properties. */
function clean(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}
