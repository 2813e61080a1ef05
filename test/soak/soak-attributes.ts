/** The attributes the soak's clients change, each with the SailPoint-shaped PATCH that writes it and where JumpCloud keeps it. */

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type AttributeValue = string | boolean;

/** A JumpCloud system user as `GET /api/systemusers` returns it (only what the soak reads). */
export interface JumpCloudUser {
  _id: string;
  username?: string;
  email?: string;
  state?: string;
  jobTitle?: string;
  displayname?: string;
  firstname?: string;
  lastname?: string;
  department?: string;
  phoneNumbers?: { type?: string; number?: string }[];
}

/** One attribute the clients write: how, with which values, and how to read it back from JumpCloud. */
export interface SoakAttribute {
  key: string;
  /** The next value to write; `tag` makes it unique to the write, so no write is a no-op. */
  next(tag: string, random: () => number, current: AttributeValue): AttributeValue;
  /** The PATCH operation SailPoint sends for `value`. */
  operation(value: AttributeValue): Record<string, unknown>;
  /** JumpCloud's value, in the attribute's own terms ('' = unset). */
  read(user: JumpCloudUser): AttributeValue;
}

const text = (value: string | undefined): string => value ?? '';
const phone = (user: JumpCloudUser, type: string): string => text(user.phoneNumbers?.find((item) => item.type === type)?.number);

/** A string attribute written by `replace` (or `add`) at `path`. */
function scalar(key: string, path: string, field: (user: JumpCloudUser) => string | undefined, op: 'replace' | 'add' = 'replace'): SoakAttribute {
  return {
    key,
    next: (tag) => `${key}-${tag}`,
    operation: (value) => ({ op, path, value }),
    read: (user) => text(field(user)),
  };
}

function phoneNumber(type: 'work' | 'mobile'): SoakAttribute {
  return {
    key: `phone.${type}`,
    // The client and operation numbers of the tag (`…c3o417`): unique per write, a plausible number.
    next: (tag) => {
      const [, client = '0', operation = '0'] = /c(\d+)o(\d+)$/.exec(tag) ?? [];
      return `+1 555 ${client}${operation.padStart(6, '0')}`;
    },
    operation: (value) => ({ op: 'replace', path: `phoneNumbers[type eq "${type}"].value`, value }),
    read: (user) => phone(user, type),
  };
}

/**
 * The attribute set. Two phone numbers share one JumpCloud array that the bridge read-merges on
 * every write: two clients changing one each at the same moment is the lost-update case.
 */
export const SOAK_ATTRIBUTES: readonly SoakAttribute[] = [
  {
    key: 'title',
    // Now and then SailPoint clears an attribute (`remove`); never one already clear (a no-op).
    next: (tag, random, current) => (current !== '' && random() < 0.15 ? '' : `title-${tag}`),
    operation: (value) => (value === '' ? { op: 'remove', path: 'title' } : { op: 'replace', path: 'title', value }),
    read: (user) => text(user.jobTitle),
  },
  scalar('displayName', 'displayName', (user) => user.displayname),
  scalar('name.givenName', 'name.givenName', (user) => user.firstname),
  scalar('name.familyName', 'name.familyName', (user) => user.lastname, 'add'),
  scalar('department', `${ENTERPRISE_USER}:department`, (user) => user.department),
  phoneNumber('work'),
  phoneNumber('mobile'),
  {
    key: 'active',
    next: (_tag, _random, current) => !current,
    // Enable/disable as SailPoint was captured sending it: a path-less add.
    operation: (value) => ({ op: 'add', value: { active: value } }),
    read: (user) => user.state === 'ACTIVATED',
  },
];

/** The create body SailPoint sends, and the attribute values it sets. */
export function createBody(userName: string, email: string, tag: string): { body: Record<string, unknown>; values: Map<string, AttributeValue> } {
  const values = new Map<string, AttributeValue>([
    ['title', `title-${tag}`],
    ['displayName', `displayName-${tag}`],
    ['name.givenName', `name.givenName-${tag}`],
    ['name.familyName', `name.familyName-${tag}`],
    ['department', `department-${tag}`],
    ['phone.work', '+1 555 0100000'],
    ['phone.mobile', '+1 555 0200000'],
    ['active', true],
  ]);
  const body = {
    schemas: [CORE_USER, ENTERPRISE_USER],
    userName,
    name: { givenName: values.get('name.givenName'), familyName: values.get('name.familyName') },
    displayName: values.get('displayName'),
    title: values.get('title'),
    emails: [{ value: email, type: 'work', primary: true }],
    phoneNumbers: [
      { value: values.get('phone.work'), type: 'work' },
      { value: values.get('phone.mobile'), type: 'mobile' },
    ],
    active: true,
    [ENTERPRISE_USER]: { department: values.get('department') },
  };
  return { body, values };
}
