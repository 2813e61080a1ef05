import { JumpCloudError } from './jumpcloud-error';
import { MAX_PAGE_SIZE, type PageOptions } from './paging';
import type { SystemUser, SystemUserSearch, V1List } from './types';

/** The two reads an id lookup is built from (`UsersApi.search` and `UsersApi.get`). */
export interface UserReads {
  search(body: SystemUserSearch, options: PageOptions): Promise<V1List<SystemUser>>;
  get(id: string, options: { fields?: string[] }): Promise<SystemUser>;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Finds users by id, 100 ids per `POST /search/systemusers` `{filter:{or:[{_id}…]}}`. No
 * JumpCloud document or recorded traffic confirms that the search matches `_id` given as a JSON
 * string (a string may never equal the stored ObjectId; NOTES.md marks it unconfirmed), so an
 * answer is trusted only when it proves the search matches ids: a batch that found at least one
 * of its ids found every one that exists. A batch that found none is read again id by id
 * (`GET /systemusers/{id}`, the documented read; 404 = really gone); when those reads find a user
 * the search missed, the search does not match ids, and this lookup (one per client) goes
 * straight to per-id reads from then on. Only that negative is remembered: a remembered positive
 * would trust an empty answer it could not check.
 */
export class UserIdLookup {
  private searchMatchesIds = true;

  /** `concurrency`: most per-id reads in flight at once (the client's own limit bounds them too). */
  constructor(
    private readonly reads: UserReads,
    private readonly concurrency: number,
  ) {}

  /** The users among `ids` that exist, by id; ids that are not ObjectIds are never sent. */
  async find(ids: readonly string[], fields?: readonly string[]): Promise<Map<string, SystemUser>> {
    const found = new Map<string, SystemUser>();
    const wanted = [...new Set(ids)].filter((id) => OBJECT_ID.test(id));
    for (let start = 0; start < wanted.length; start += MAX_PAGE_SIZE) {
      const batch = wanted.slice(start, start + MAX_PAGE_SIZE);
      if (this.searchMatchesIds) {
        const projection = fields && fields.length > 0 ? { fields: [...new Set(['_id', ...fields])].join(' ') } : {};
        const page = await this.reads.search({ filter: { or: batch.map((id) => ({ _id: id })) }, ...projection }, { limit: batch.length });
        const hits = page.results.filter((user) => batch.includes(user._id));
        hits.forEach((user) => found.set(user._id, user));
        if (hits.length > 0) continue;
      }
      const read = await this.readEach(batch, fields);
      if (read.length > 0) this.searchMatchesIds = false;
      read.forEach((user) => found.set(user._id, user));
    }
    return found;
  }

  /** `GET /systemusers/{id}` for each id, `concurrency` at a time; a 404 is a user that is gone. */
  private async readEach(ids: readonly string[], fields?: readonly string[]): Promise<SystemUser[]> {
    const users: SystemUser[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        try {
          users.push(await this.reads.get(id, { fields: fields && fields.length > 0 ? [...fields] : undefined }));
        } catch (err) {
          if (!(err instanceof JumpCloudError && err.isNotFound())) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
    return users;
  }
}
