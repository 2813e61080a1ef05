// Exchanges shaped exactly like real JumpCloud traffic (shapes and statuses per
// ../shared/reference/jumpcloud/NOTES.md): 200 on user create with every default filled in, the v1
// {totalCount, results} envelope, v2 bare arrays with x-total-count, 201 group create, 204 member
// ops and group delete, 200 + body on user delete, 400 duplicate user, 409 manager delete, 401 bad key.
import type { ContractCase } from './jumpcloud-client.contract';

/** One recorded request/answer pair; `path` includes the query string exactly as the client encodes it. */
export interface Exchange {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the request with this key instead of the good one. */
  badKey?: true;
}

const ORG = '5f1e2d3c4b5a697887960a1b';
const ADMIN = '5f1e2d3c4b5a697887960a2c';
const ADA_ID = '6650a1b2c3d4e5f601000001';
const ALAN_ID = '6650a1b2c3d4e5f601000002';
const GRACE_ID = '6650a1b2c3d4e5f601000003';
const GROUP_ID = '6650a1b2c3d4e5f602000001';
const ALL_USERS_ID = '5f1e2d3c4b5a697887960a3d';

/** A v1 user as JumpCloud returns it: unset strings "", arrays [], employeeIdentifier null, and fields the bridge ignores. */
function realUser(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    _id: id,
    id,
    account_locked: false,
    account_locked_date: null,
    activated: false,
    addresses: [],
    allow_public_key: true,
    alternateEmail: '',
    attributes: [],
    company: '',
    costCenter: '',
    created: '2026-01-05T10:15:30.123Z',
    creationSource: 'jumpcloud:api',
    department: '',
    description: '',
    displayname: '',
    employeeIdentifier: null,
    employeeType: '',
    enable_managed_uid: false,
    enable_user_portal_multifactor: false,
    external_dn: '',
    external_source_type: '',
    externally_managed: false,
    firstname: '',
    jobTitle: '',
    lastname: '',
    ldap_binding_user: false,
    location: '',
    manager: '',
    mfa: { configured: false, exclusion: false },
    mfaEnrollment: { overallStatus: 'NOT_ENROLLED', pushStatus: 'NOT_ENROLLED', totpStatus: 'NOT_ENROLLED', webAuthnStatus: 'NOT_ENROLLED' },
    middlename: '',
    organization: ORG,
    password_expired: false,
    password_never_expires: false,
    passwordless_sudo: false,
    phoneNumbers: [],
    restrictedFields: [],
    samba_service_user: false,
    ssh_keys: [],
    state: 'ACTIVATED',
    sudo: false,
    suspended: false,
    totp_enabled: false,
    unix_guid: 5101,
    unix_uid: 5101,
    ...fields,
  };
}

const ada = realUser(ADA_ID, { username: 'ada', email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' });
const alan = realUser(ALAN_ID, { username: 'alan', email: 'alan@example.com', firstname: 'Alan', lastname: 'Turing', unix_uid: 5102, unix_guid: 5102 });
const grace = realUser(GRACE_ID, { username: 'grace', email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper', unix_uid: 5103, unix_guid: 5103 });

function realGroup(fields: Record<string, unknown>): Record<string, unknown> {
  return { id: GROUP_ID, name: 'Engineering', type: 'user_group', attributes: null, description: '', email: '', membershipMethod: 'STATIC', memberQuery: null, memberQueryExemptions: [], memberSuggestionsNotify: false, ...fields };
}

const edge = (id: string, type: string) => ({ attributes: null, to: { attributes: null, id, type } });
const UNAUTHORIZED = { error: 'Unauthorized', message: 'Unauthorized' };
const NOT_FOUND = { message: 'Not Found' };

/** The recorded exchanges of every contract case, in the order the client makes them. */
export const RECORDINGS: Record<ContractCase, Exchange[]> = {
  'create user then get': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'GET', path: `/api/systemusers/${ADA_ID}`, status: 200, body: ada },
  ],
  'duplicate username': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'POST', path: '/api/systemusers', status: 400, body: { message: 'User already exists' } },
  ],
  'list envelope, filter and paging': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'POST', path: '/api/systemusers', status: 200, body: alan },
    { method: 'POST', path: '/api/systemusers', status: 200, body: grace },
    { method: 'GET', path: '/api/systemusers?limit=2&skip=0&sort=_id', status: 200, body: { totalCount: 3, results: [ada, alan] } },
    { method: 'GET', path: '/api/systemusers?filter=username%3A%24eq%3Agrace', status: 200, body: { totalCount: 1, results: [grace] } },
    { method: 'GET', path: '/api/systemusers?limit=2&skip=10&sort=_id', status: 200, body: { totalCount: 3, results: [] } },
  ],
  'put replaces arrays': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: { ...ada, attributes: [{ name: 'costCode', value: '1' }, { name: 'site', value: 'LDN' }] } },
    { method: 'PUT', path: `/api/systemusers/${ADA_ID}`, status: 200, body: { ...ada, jobTitle: 'Analyst', attributes: [{ name: 'site', value: 'NYC', id: '6650a1b2c3d4e5f6030000b1', _id: '6650a1b2c3d4e5f6030000b1' }] } },
  ],
  'delete returns the user then 404': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'DELETE', path: `/api/systemusers/${ADA_ID}`, status: 200, body: ada },
    { method: 'GET', path: `/api/systemusers/${ADA_ID}`, status: 404, body: NOT_FOUND },
  ],
  'manager delete conflict and cascade': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'POST', path: '/api/systemusers', status: 200, body: { ...alan, manager: ADA_ID } },
    { method: 'DELETE', path: `/api/systemusers/${ADA_ID}`, status: 409, body: { message: 'Conflict: user is a manager of other users' } },
    { method: 'DELETE', path: `/api/systemusers/${ADA_ID}?cascade_manager=null`, status: 200, body: ada },
  ],
  'search envelope': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'POST', path: '/api/systemusers', status: 200, body: alan },
    { method: 'POST', path: '/api/search/systemusers?limit=10', status: 200, body: { totalCount: 1, results: [alan] } },
  ],
  'group lifecycle': [
    { method: 'POST', path: '/api/v2/usergroups', status: 201, body: realGroup({ description: 'builders' }) },
    { method: 'GET', path: '/api/v2/usergroups?filter=name%3Aeq%3AEngineering', status: 200, body: [realGroup({ description: 'builders' })], headers: { 'x-total-count': '1' } },
    { method: 'POST', path: '/api/v2/usergroups', status: 409, body: { message: 'Already Exists' } },
    { method: 'PUT', path: `/api/v2/usergroups/${GROUP_ID}`, status: 200, body: realGroup({ description: 'makers' }) },
    { method: 'DELETE', path: `/api/v2/usergroups/${GROUP_ID}`, status: 204 },
    { method: 'GET', path: `/api/v2/usergroups/${GROUP_ID}`, status: 404, body: NOT_FOUND },
  ],
  'members and memberof': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    { method: 'POST', path: '/api/v2/usergroups', status: 201, body: realGroup({}) },
    { method: 'POST', path: `/api/v2/usergroups/${GROUP_ID}/members`, status: 204 },
    { method: 'POST', path: `/api/v2/usergroups/${GROUP_ID}/members`, status: 409, body: { message: 'Already Exists' } },
    { method: 'GET', path: `/api/v2/usergroups/${GROUP_ID}/members?limit=100`, status: 200, body: [edge(ADA_ID, 'user')], headers: { 'x-total-count': '1' } },
    {
      method: 'GET',
      path: `/api/v2/users/${ADA_ID}/memberof?limit=100&filter=type%3Aeq%3Auser_group`,
      status: 200,
      body: [
        { id: ALL_USERS_ID, type: 'user_group', paths: [[edge(ALL_USERS_ID, 'user_group')]] },
        { id: GROUP_ID, type: 'user_group', paths: [[edge(GROUP_ID, 'user_group')]] },
      ],
      headers: { 'x-total-count': '2' },
    },
    { method: 'POST', path: `/api/v2/usergroups/${GROUP_ID}/members`, status: 204 },
    { method: 'GET', path: `/api/v2/usergroups/${GROUP_ID}/members`, status: 200, body: [], headers: { 'x-total-count': '0' } },
  ],
  'bad key': [{ method: 'GET', path: '/api/systemusers', status: 401, body: UNAUTHORIZED, badKey: true }],
  'directory insights events': [
    { method: 'POST', path: '/api/systemusers', status: 200, body: ada },
    {
      method: 'POST',
      path: '/insights/directory/v1/events',
      status: 200,
      headers: { 'X-Result-Count': '1', 'X-Limit': '100', 'X-Sort': 'ASC', 'X-Search_after': '[1767608130123,"6650a1b2c3d4e5f6030000a1"]' },
      body: [
        {
          '@version': '1',
          id: '6650a1b2c3d4e5f6030000a1',
          event_type: 'user_create',
          service: 'directory',
          organization: ORG,
          timestamp: '2026-01-05T10:15:30.123Z',
          client_ip: '203.0.113.7',
          auth_method: 'api key',
          initiated_by: { type: 'admin', id: ADMIN, email: 'admin@example.com', source: 'scim' },
          resource: { type: 'user', id: ADA_ID, username: 'ada' },
          changes: [{ field: 'username', to: 'ada' }, { field: 'email', to: 'ada@example.com' }],
          geoip: { country_code: 'GB', timezone: 'Europe/London' },
          useragent: { name: 'axios', os: 'Other', device: 'Other' },
        },
      ],
    },
  ],
};
