import type { JumpCloudUser } from './soak-attributes';

/** What JumpCloud holds at the end, read from its own API (the emulator's), not through the bridge. */
export interface JumpCloudState {
  users: JumpCloudUser[];
  /** Group id -> name. */
  groups: Map<string, string>;
  /** Group id -> ids of its direct user members. */
  members: Map<string, Set<string>>;
}

const PAGE = 100;

/** Reads every user, every group and every group's members with the API key. */
export async function readJumpCloudState(baseUrl: string, apiKey: string): Promise<JumpCloudState> {
  const get = async (path: string): Promise<{ body: unknown; total?: number }> => {
    const res = await fetch(`${baseUrl}${path}`, { headers: { 'x-api-key': apiKey, accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    const total = res.headers.get('x-total-count');
    return { body: await res.json(), total: total === null ? undefined : Number(total) };
  };
  const users: JumpCloudUser[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { body } = await get(`/api/systemusers?limit=${PAGE}&skip=${skip}`);
    const page = body as { totalCount: number; results: JumpCloudUser[] };
    users.push(...page.results);
    if (page.results.length < PAGE) break;
  }
  const groups = new Map<string, string>();
  for (let skip = 0; ; skip += PAGE) {
    const { body } = await get(`/api/v2/usergroups?limit=${PAGE}&skip=${skip}`);
    const page = body as { id: string; name: string }[];
    for (const group of page) groups.set(group.id, group.name);
    if (page.length < PAGE) break;
  }
  const members = new Map<string, Set<string>>();
  for (const id of groups.keys()) {
    const ids = new Set<string>();
    for (let skip = 0; ; skip += PAGE) {
      const { body } = await get(`/api/v2/usergroups/${id}/members?limit=${PAGE}&skip=${skip}`);
      const page = body as { to: { id: string; type: string } }[];
      for (const edge of page) if (edge.to.type === 'user') ids.add(edge.to.id);
      if (page.length < PAGE) break;
    }
    members.set(id, ids);
  }
  return { users, groups, members };
}
