// Every JumpCloud API route the emulator serves, answered for real and held against JumpCloud's
// own spec: status among the documented 2xx, body valid against that operation's response schema
// (ajv, allErrors; the full error list is printed on failure), plus the headers NOTES.md documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedDocument } from '../../emulator/context';
import { createEmulator } from '../../emulator/app';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { findOperation } from './support/spec-operations';
import { specProblems, type Answer } from './support/spec-answer';

const API_KEY = 'spec-suite-key-0123456789abcdef';
const SEED = JSON.parse(readFileSync(join(__dirname, '..', '..', 'emulator', 'seeds', 'default.seed.json'), 'utf8')) as SeedDocument;
const ALICE = '64b0a1f2c3d4e5f6a7b8c901';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, options: { apiKey: API_KEY }, seed: SEED });
});
afterAll(async () => {
  await emulator.close();
});

async function call(method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${emulator.url}${url}`, {
    method,
    headers: { 'x-api-key': API_KEY, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  let parsed: unknown = text;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { method, url, status: response.status, headers, body: parsed };
}

/** Calls, asserts the expected status, validates against the spec, and answers the body. */
async function specCall<T = Record<string, unknown>>(method: string, url: string, expectedStatus: number, body?: unknown): Promise<{ answer: Answer; data: T }> {
  const answer = await call(method, url, body);
  expect({ status: answer.status, body: answer.status === expectedStatus ? 'ok' : answer.body }).toEqual({ status: expectedStatus, body: 'ok' });
  const { problems } = specProblems(answer);
  expect(problems).toEqual([]);
  return { answer, data: answer.body as T };
}

let counter = 0;
function newUserBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const username = `spec.user${counter}.${Date.now().toString(36)}`;
  return { username, email: `${username}@example.com`, firstname: 'Spec', lastname: `User${counter}`, ...extra };
}

describe('v1 /systemusers', () => {
  it.each([
    ['plain (default page)', '/api/systemusers'],
    ['paged, sorted by _id (space separated sort)', '/api/systemusers?limit=3&skip=2&sort=_id'],
    ['descending multi-key sort, space separated', `/api/systemusers?sort=${encodeURIComponent('-department username')}`],
    ['fields projection, space separated', `/api/systemusers?fields=${encodeURIComponent('username email')}`],
    ['one filter', `/api/systemusers?filter=${encodeURIComponent('department:$eq:Engineering')}`],
    ['AND filters filter[0], filter[1]', `/api/systemusers?filter[0]=${encodeURIComponent('department:$eq:Engineering')}&filter[1]=${encodeURIComponent('username:$ne:bob.martin')}`],
    ['OR filters filter[or][0], filter[or][1]', `/api/systemusers?filter[or][0]=${encodeURIComponent('department:$eq:Sales')}&filter[or][1]=${encodeURIComponent('department:$eq:Executive')}`],
    ['past the end: 200 with results []', '/api/systemusers?skip=100000&limit=100'],
  ])('GET list: %s', async (_title, url) => {
    const { data } = await specCall<{ totalCount: number; results: unknown[] }>('GET', url, 200);
    // NOTES.md: totalCount counts all matches, not the page.
    expect(data.totalCount).toBeGreaterThanOrEqual(data.results.length);
  });

  it('GET one (and with a fields projection)', async () => {
    const { data } = await specCall('GET', `/api/systemusers/${ALICE}`, 200);
    expect(data._id).toBe(ALICE);
    await specCall('GET', `/api/systemusers/${ALICE}?fields=${encodeURIComponent('username email')}`, 200);
  });

  it('POST create answers 200 with the user (NOTES.md: 200, not 201; this spec agrees, older ones say 201)', async () => {
    const { data } = await specCall('POST', '/api/systemusers', 200, newUserBody({ attributes: [{ name: 'badge', value: '7' }] }));
    // NOTES.md defaults: unset strings "", arrays [], employeeIdentifier null (a real-world null).
    expect(data).toMatchObject({ middlename: '', phoneNumbers: [], employeeIdentifier: null, activated: false });
    expect(data.id).toBe(data._id);
  });

  it('PUT answers 200 with the user', async () => {
    const { data: created } = await specCall('POST', '/api/systemusers', 200, newUserBody());
    const { data } = await specCall('PUT', `/api/systemusers/${String(created._id)}`, 200, {
      jobTitle: 'Engineer',
      addresses: [{ type: 'work', locality: 'Lyon' }],
      phoneNumbers: [{ type: 'work', number: '+33 4 00 00 00 00' }],
      attributes: [{ name: 'Division', value: 'Sales' }],
    });
    expect(data.jobTitle).toBe('Engineer');
    // Real events: every item of these arrays carries id and _id (arrayItemIds default); the
    // spec's systemuserreturn items declare `id` and leave other keys open, so the answer validates.
    for (const field of ['addresses', 'phoneNumbers', 'attributes']) {
      for (const item of data[field] as { id: string; _id: string }[]) expect([item.id, item._id]).toEqual([expect.stringMatching(/^[0-9a-f]{24}$/), item.id]);
    }
  });

  it('POST state/activate turns a STAGED user ACTIVATED', async () => {
    const { data: staged } = await specCall('POST', '/api/systemusers', 200, newUserBody({ state: 'STAGED' }));
    // The spec documents 200 with no body schema: any body passes, the status must be 200.
    await specCall('POST', `/api/systemusers/${String(staged._id)}/state/activate`, 200, { email: false });
    const { data } = await specCall('GET', `/api/systemusers/${String(staged._id)}`, 200);
    expect(data.state).toBe('ACTIVATED');
  });

  it('DELETE answers 200 with the deleted user (NOTES.md), as the spec says', async () => {
    const { data: created } = await specCall('POST', '/api/systemusers', 200, newUserBody());
    const { data } = await specCall('DELETE', `/api/systemusers/${String(created._id)}`, 200);
    expect(data._id).toBe(created._id);
    // NOTES.md: ?cascade_manager=null deletes a manager; the answer is the same shape.
    const { data: manager } = await specCall('POST', '/api/systemusers', 200, newUserBody());
    await specCall('POST', '/api/systemusers', 200, newUserBody({ manager: manager._id }));
    await specCall('DELETE', `/api/systemusers/${String(manager._id)}?cascade_manager=null`, 200);
  });

  it.each([
    ['and filter + fields', { filter: { and: [{ department: 'Engineering' }] }, fields: 'username email' }],
    ['or filter', { filter: { or: [{ department: 'Sales' }, { department: 'Executive' }] } }],
    ['searchFilter', { searchFilter: { searchTerm: 'alice', fields: ['username', 'email'] } }],
    ['paging in the body (the spec\'s search definition)', { filter: { and: [{ state: 'ACTIVATED' }] }, limit: 2, skip: 1 }],
  ])('POST /search/systemusers: %s', async (_title, body) => {
    const { data } = await specCall<{ totalCount: number; results: unknown[] }>('POST', '/api/search/systemusers', 200, body);
    expect(data.totalCount).toBeGreaterThanOrEqual(data.results.length);
  });
});

describe('v2 /usergroups', () => {
  /** NOTES.md: v2 lists are a bare array with the total in `x-total-count`. */
  function expectTotal(answer: Answer): number {
    expect(answer.headers['x-total-count']).toMatch(/^\d+$/);
    const total = Number(answer.headers['x-total-count']);
    expect(total).toBeGreaterThanOrEqual((answer.body as unknown[]).length);
    return total;
  }

  it.each([
    ['plain', '/api/v2/usergroups'],
    ['filter name:eq', `/api/v2/usergroups?filter=${encodeURIComponent('name:eq:Engineering')}`],
    ['comma separated sort and fields, paged', `/api/v2/usergroups?sort=${encodeURIComponent('-name,id')}&fields=${encodeURIComponent('name,id')}&limit=2&skip=0`],
  ])('GET list: %s', async (_title, url) => {
    const { answer } = await specCall<unknown[]>('GET', url, 200);
    expectTotal(answer);
  });

  it('create (201), get, PUT (200), members add/list/remove (204), membership, memberof, delete (204)', async () => {
    const { data: group } = await specCall('POST', '/api/v2/usergroups', 201, { name: `Spec Group ${Date.now()}`, description: 'fidelity suite' });
    const id = String(group.id);
    await specCall('GET', `/api/v2/usergroups/${id}`, 200);
    await specCall('PUT', `/api/v2/usergroups/${id}`, 200, { name: `Spec Group renamed ${Date.now()}`, description: 'renamed' });

    await specCall('POST', `/api/v2/usergroups/${id}/members`, 204, { op: 'add', type: 'user', id: ALICE });
    const { answer: members } = await specCall<unknown[]>('GET', `/api/v2/usergroups/${id}/members?limit=10&skip=0`, 200);
    expect(expectTotal(members)).toBe(1);
    const { answer: membership } = await specCall<unknown[]>('GET', `/api/v2/usergroups/${id}/membership?filter=${encodeURIComponent('type:eq:user')}`, 200);
    expectTotal(membership);
    const { answer: memberOf } = await specCall<{ id: string }[]>('GET', `/api/v2/users/${ALICE}/memberof?filter=${encodeURIComponent('type:eq:user_group')}`, 200);
    expectTotal(memberOf);
    expect((memberOf.body as { id: string }[]).map((entry) => entry.id)).toContain(id);
    await specCall('POST', `/api/v2/usergroups/${id}/members`, 204, { op: 'remove', type: 'user', id: ALICE });

    // The spec documents 200 (with the group) or 204; NOTES.md says 204.
    await specCall('DELETE', `/api/v2/usergroups/${id}`, 204);
  });

  it('membership of a seeded group, sorted', async () => {
    const { data: groups } = await specCall<{ id: string; name: string }[]>('GET', `/api/v2/usergroups?filter=${encodeURIComponent('name:eq:Engineering')}`, 200);
    const engineering = groups[0]?.id as string;
    await specCall('GET', `/api/v2/usergroups/${engineering}/membership?sort=id&limit=3`, 200);
    await specCall('GET', `/api/v2/usergroups/${engineering}/members`, 200);
  });
});

describe('v1 /organizations', () => {
  it('GET list: the organisations the key administers', async () => {
    const { data } = await specCall<{ totalCount: number; results: { _id: string }[] }>('GET', '/api/organizations', 200);
    expect(data.results.map((org) => org._id)).toHaveLength(data.totalCount);
  });
});

describe('Directory Insights POST /events', () => {
  it('answers an array with X-Result-Count, X-Limit and X-Search_after, and pages with search_after', async () => {
    const query = { service: ['directory'], start_time: '2000-01-01T00:00:00Z', limit: 2, sort: 'ASC' };
    const { answer, data } = await specCall<{ event_type: string }[]>('POST', '/insights/directory/v1/events', 200, query);
    expect(answer.headers['x-result-count']).toBe(String(data.length));
    expect(answer.headers['x-limit']).toBe('2');
    const cursor = JSON.parse(answer.headers['x-search_after'] ?? 'null') as unknown;
    expect(Array.isArray(cursor)).toBe(true);
    // The seed's own mutations are events: a full first page, so a next page exists.
    expect(data).toHaveLength(2);
    const { answer: next } = await specCall<unknown[]>('POST', '/insights/directory/v1/events', 200, { ...query, search_after: cursor });
    expect(Number(next.headers['x-result-count'])).toBeGreaterThan(0);
    expect(next.body).not.toEqual(data);
  });

  it('answers a search_term query', async () => {
    await specCall('POST', '/insights/directory/v1/events', 200, {
      service: ['directory'],
      start_time: '2000-01-01T00:00:00Z',
      end_time: '2100-01-01T00:00:00Z',
      search_term: { and: { event_type: 'user_create' } },
    });
  });
});

describe('coverage', () => {
  /** "METHOD /express/path" of every route the emulator's routers declare (mount paths are not kept by express 5). */
  function servedRoutes(): string[] {
    const out: string[] = [];
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const walk = (stack: Layer[]): void => {
      for (const layer of stack) {
        if (layer.route) for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((createEmulator({ apiKey: API_KEY }).app as unknown as { router: { stack: Layer[] } }).router.stack);
    return out;
  }

  /** Would this route be a JumpCloud operation under any of the three base paths? */
  function isJumpCloudRoute(route: string): boolean {
    const [method, path] = route.split(' ') as [string, string];
    const concrete = path.replace(/:\w+/g, ALICE);
    return ['/api', '/api/v2', '/insights/directory/v1'].some((base) => {
      try {
        findOperation(method, `${base}${concrete}`);
        return true;
      } catch {
        return false;
      }
    });
  }

  it('the tests above exercise every JumpCloud API route the emulator serves (the rest are /__emulator controls)', () => {
    // Kept in step with emulator/{users,groups,insights}/*.routes.ts: each is called above.
    const exercisedAbove = [
      'GET /systemusers',
      'POST /systemusers',
      'GET /systemusers/:id',
      'PUT /systemusers/:id',
      'DELETE /systemusers/:id',
      'POST /systemusers/:id/state/activate',
      'POST /search/systemusers',
      'GET /organizations',
      'GET /usergroups',
      'POST /usergroups',
      'GET /usergroups/:id',
      'PUT /usergroups/:id',
      'DELETE /usergroups/:id',
      'GET /usergroups/:groupId/members',
      'POST /usergroups/:groupId/members',
      'GET /usergroups/:groupId/membership',
      'GET /users/:userId/memberof',
      'POST /events',
    ];
    const served = servedRoutes();
    expect(exercisedAbove.filter((route) => !served.includes(route))).toEqual([]);
    expect(served.filter((route) => !exercisedAbove.includes(route) && isJumpCloudRoute(route))).toEqual([]);
  });
});
