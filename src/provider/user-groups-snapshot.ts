import { ConcurrencyLimit, JumpCloudError, MAX_PAGE_SIZE, type JumpCloudClient } from '../jumpcloud';
import { isAllUsersGroup, type GroupDirectory, type GroupInfo } from './user-groups-directory';

/** How long a membership snapshot serves list pages before it is built again. */
export const DEFAULT_SNAPSHOT_TTL_MS = 30_000;

/** Member lists read at once while building a snapshot (the client's own limiter still applies). */
const SNAPSHOT_CONCURRENCY = 4;

/** Who is in which group, for every user at once. */
export interface MembershipSnapshot {
  /** Direct group ids of each user that is in at least one group ("All Users" left out). */
  groupsByUser: ReadonlyMap<string, readonly string[]>;
  /** The groups the snapshot was built from, by id (names for `groups.display`). */
  groups: ReadonlyMap<string, GroupInfo>;
}

/**
 * The batched lookup behind `groups` on a page of users. JumpCloud has no batch `memberof`: the
 * only way to learn the groups of N users without N requests is to read the edges from the
 * other side, every group's direct member list. Cost of one build:
 *
 *   ceil(G / 100)                   group list (shared with the name directory)
 *   + sum over groups ceil(m_g/100) member lists ("All Users" skipped: every user is in it)
 *
 * i.e. about G/100 + E/100 requests for G groups and E membership edges, independent of the page
 * size, and memory of O(E) ids. A snapshot serves every list page for `ttlMs` (a full SailPoint
 * aggregation of thousands of users pays it once), is shared by concurrent requests, and is
 * dropped at once when the bridge itself writes a membership (`invalidate`), so the bridge's
 * own writes are always visible; changes made directly in JumpCloud show after at most `ttlMs`.
 */
export class MembershipSnapshots {
  private current: { snapshot: MembershipSnapshot; builtAt: number } | undefined;
  private building: Promise<MembershipSnapshot> | undefined;
  private generation = 0;

  constructor(
    private readonly jumpcloud: JumpCloudClient,
    private readonly directory: GroupDirectory,
    private readonly ttlMs: number = DEFAULT_SNAPSHOT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current snapshot, built when there is none or it is older than the TTL. */
  async get(): Promise<MembershipSnapshot> {
    if (this.current && this.now() - this.current.builtAt < this.ttlMs) return this.current.snapshot;
    if (this.building) return this.building;
    const generation = this.generation;
    const building = this.build()
      .then((snapshot) => {
        // A membership written while this was being built may be missing from it: serve it to
        // the requests that waited for it, but do not keep it.
        if (generation === this.generation) this.current = { snapshot, builtAt: this.now() };
        return snapshot;
      })
      .finally(() => {
        if (this.building === building) this.building = undefined;
      });
    this.building = building;
    return building;
  }

  /** Drops the snapshot (the bridge changed a membership). */
  invalidate(): void {
    this.generation += 1;
    this.current = undefined;
    this.building = undefined;
  }

  private async build(): Promise<MembershipSnapshot> {
    const groups = await this.directory.all();
    const byUser = new Map<string, string[]>();
    const limit = new ConcurrencyLimit(SNAPSHOT_CONCURRENCY);
    await Promise.all(
      [...groups.values()]
        .filter((group) => !isAllUsersGroup(group))
        .map((group) =>
          limit.run(async () => {
            for (const userId of await this.memberIds(group.id)) {
              const mine = byUser.get(userId);
              if (mine) mine.push(group.id);
              else byUser.set(userId, [group.id]);
            }
          }),
        ),
    );
    return { groupsByUser: byUser, groups };
  }

  /** Every direct member id of one group, 100 a request; a group deleted meanwhile has none. */
  private async memberIds(groupId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      let page;
      try {
        page = await this.jumpcloud.members.list(groupId, { limit: MAX_PAGE_SIZE, skip });
      } catch (err) {
        if (err instanceof JumpCloudError && err.isNotFound()) return ids;
        throw err;
      }
      for (const edge of page.items) if (edge.to?.type === 'user' && typeof edge.to.id === 'string') ids.push(edge.to.id);
      if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) return ids;
    }
  }
}

