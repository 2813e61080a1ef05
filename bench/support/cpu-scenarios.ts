/**
 * The scenarios of the CPU-per-request bench (issue 13): each is one SCIM call to the bridge and
 * the same JumpCloud call(s) the bridge makes for it, sent through the raw proxy as the yardstick.
 */

/** A call to a server of the run; resolves once the answer's body has been read. */
export type HttpCall = (path: string, init?: RequestInit) => Promise<Response>;

/** One row of the table. */
export interface CpuScenario {
  /** The `--scenario` name. */
  name: string;
  /** The SCIM request, as the table shows it. */
  path: string;
  concurrency: number;
  requests: number;
  /** Bridge CPU ms per request the issue asks for. */
  goalMs: number;
  /** JumpCloud calls the bridge makes per request today (the proxy side sends as many). */
  jumpcloudCalls: number;
  bridge(i: number): Promise<Response>;
  proxy(i: number): Promise<Response>;
  /** The same request to the stack floor (`stack-floor.ts`), where it serves it. */
  floor?(i: number): Promise<Response>;
}

/** What the scenarios are built from. */
export interface ScenarioContext {
  /** An authenticated SCIM call to the bridge (path after the SCIM base). */
  scim: HttpCall;
  /** A JumpCloud call (path after `/api`) through the raw proxy, with the API key. */
  jumpcloud: HttpCall;
  /** A call to the stack floor (path as the bridge's, after the SCIM base). */
  floor: HttpCall;
  /** Ids of seeded users who are each in two groups. */
  userIds: readonly string[];
  /** Users seeded, for page offsets. */
  userCount: number;
  reads: number;
  writes: number;
  pages: number;
  /** Keeps the names created in this run apart from those of an earlier run. */
  runTag: string;
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The projection the bridge asks JumpCloud for on a page of users without groups (today's). */
const PAGE_FIELDS = '_id username attributes created email alternateEmail state phoneNumbers addresses manager external_dn displayname firstname lastname middlename jobTitle employeeType employeeIdentifier department costCenter company activated';
const MEMBEROF_QUERY = `limit=100&skip=0&filter=${encodeURIComponent('type:eq:user_group')}`;

/**
 * Several calls answered as one: every body read, then an empty answer whose status is the first
 * failure's (or 204), so the load runner counts errors as it does for one call.
 */
async function together(...calls: Promise<Response>[]): Promise<Response> {
  const answers = await Promise.all(calls);
  await Promise.all(answers.map((a) => a.arrayBuffer()));
  return new Response(null, { status: answers.find((a) => !a.ok)?.status ?? 204 });
}

/** Reads one answer's body and passes its status on, for a call followed by another. */
async function settled(call: Promise<Response>): Promise<Response> {
  const answer = await call;
  await answer.arrayBuffer();
  return new Response(null, { status: answer.ok ? 204 : answer.status });
}

/** The scenarios of issue 13's goal table, in its order (the aggregation is apart: see cpu.bench). */
export function cpuScenarios(ctx: ScenarioContext): CpuScenario[] {
  const id = (i: number): string => ctx.userIds[i % ctx.userIds.length] as string;
  // Pages over the seeded users only, so both sides read the same windows.
  const skip = (i: number): number => ((i * 100) % Math.max(100, ctx.userCount - 100));
  const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
  return [
    {
      name: 'get-user',
      path: 'GET /Users/{id}?excludedAttributes=groups',
      concurrency: 16,
      requests: ctx.reads,
      goalMs: 0.35,
      jumpcloudCalls: 1,
      bridge: (i) => ctx.scim(`/Users/${id(i)}?excludedAttributes=groups`),
      proxy: (i) => ctx.jumpcloud(`/systemusers/${id(i)}`),
      floor: (i) => ctx.floor(`/Users/${id(i)}`),
    },
    {
      name: 'get-user-groups',
      path: 'GET /Users/{id} (user + memberof)',
      concurrency: 16,
      requests: ctx.reads,
      goalMs: 0.5,
      jumpcloudCalls: 2,
      bridge: (i) => ctx.scim(`/Users/${id(i)}`),
      proxy: (i) => together(ctx.jumpcloud(`/v2/users/${id(i)}/memberof?${MEMBEROF_QUERY}`), ctx.jumpcloud(`/systemusers/${id(i)}`)),
    },
    {
      name: 'patch-title',
      path: 'PATCH /Users/{id} replace title (4 connections)',
      concurrency: 4,
      requests: ctx.writes,
      goalMs: 1.0,
      jumpcloudCalls: 3,
      bridge: (i) => ctx.scim(`/Users/${id(i)}`, json('PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `Title ${ctx.runTag} ${i}` }] })),
      proxy: async (i) => {
        const read = await together(ctx.jumpcloud(`/v2/users/${id(i)}/memberof?${MEMBEROF_QUERY}`), ctx.jumpcloud(`/systemusers/${id(i)}`));
        if (!read.ok) return read;
        return settled(ctx.jumpcloud(`/systemusers/${id(i)}`, json('PUT', { jobTitle: `Proxy ${ctx.runTag} ${i}` })));
      },
    },
    {
      name: 'page-100',
      path: 'GET /Users?count=100&excludedAttributes=groups',
      concurrency: 16,
      requests: ctx.pages,
      goalMs: 4.0,
      jumpcloudCalls: 1,
      bridge: (i) => ctx.scim(`/Users?startIndex=${skip(i) + 1}&count=100&excludedAttributes=groups`),
      proxy: (i) => ctx.jumpcloud(`/systemusers?limit=100&skip=${skip(i)}&sort=_id&fields=${encodeURIComponent(PAGE_FIELDS)}`),
    },
    {
      name: 'post-user',
      path: 'POST /Users (create, journal; 4 connections)',
      concurrency: 4,
      requests: ctx.writes,
      goalMs: 1.2,
      jumpcloudCalls: 1,
      bridge: (i) => {
        const name = `b${ctx.runTag}${i}@example.com`;
        return ctx.scim('/Users', json('POST', { schemas: [CORE_USER], userName: name, emails: [{ value: name, type: 'work', primary: true }], name: { givenName: 'Bench', familyName: `${i}` } }));
      },
      // JumpCloud usernames take no '@': the bridge sends the userName's local part.
      proxy: (i) => ctx.jumpcloud('/systemusers', json('POST', { username: `p${ctx.runTag}${i}`, email: `p${ctx.runTag}${i}@example.com`, firstname: 'Bench', lastname: `${i}` })),
    },
  ];
}

/** The aggregation's page calls: SCIM page `n` (0-based) of 100, and the same window from JumpCloud. */
export function aggregationPage(ctx: Pick<ScenarioContext, 'scim' | 'jumpcloud'>): { bridge(n: number): Promise<Response>; proxy(n: number): Promise<Response> } {
  return {
    bridge: (n) => ctx.scim(`/Users?startIndex=${n * 100 + 1}&count=100&excludedAttributes=groups`),
    proxy: (n) => ctx.jumpcloud(`/systemusers?limit=100&skip=${n * 100}&sort=_id&fields=${encodeURIComponent(PAGE_FIELDS)}`),
  };
}
