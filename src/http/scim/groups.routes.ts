import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { GroupsProvider } from '../../provider/groups.provider';
import type { GroupList, GroupView } from '../../provider/group-view';
import type { ScimMember } from '../../provider/membership-reader';
import { listResponse } from '../../scim/list';
import { SCIM_CONTENT_TYPE } from '../../scim/media-type';
import { URN } from '../../scim/scim-urns';
import { preconditionsOf, projectionOf, requestScope } from './request-scope';

export interface GroupsRoutesOptions {
  scimBasePath: string;
  publicBaseUrl?: string;
  /** Host names a request's Host may carry when publicBaseUrl is unset (PUBLIC_HOSTS); unset = any well-formed one. */
  publicHosts?: readonly string[];
}

/** Writes text to the response, waiting for the socket to drain when its buffer is full (bounded memory). */
class JsonWriter {
  constructor(private readonly res: Response) {}

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  async write(text: string): Promise<void> {
    if (this.closed || text === '') return;
    if (!this.res.write(text)) await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
  }
}

type Pages = AsyncIterator<ScimMember[]>;

/**
 * One group as JSON, its `members` array written page by page as the pages arrive: a
 * 100,000-member group never exists as one array or one string. A group without members has
 * no `members` attribute (RFC 7643 §2.5: unassigned). `first` is a page already fetched (so a
 * failure of the first read could still be a proper error answer).
 */
async function writeGroup(out: JsonWriter, view: GroupView, prefetched?: { pages: Pages; first: IteratorResult<ScimMember[]> }): Promise<void> {
  const json = JSON.stringify(view.resource);
  if (!view.members) return out.write(json);
  const pages = prefetched?.pages ?? view.members()[Symbol.asyncIterator]();
  let next = prefetched?.first ?? (await pages.next());
  if (next.done) return out.write(json);
  await out.write(`${json.slice(0, -1)},"members":[`);
  let separator = '';
  for (; !next.done; next = await pages.next()) {
    if (out.closed) {
      // The client went away: stop reading JumpCloud for nobody.
      await pages.return?.();
      return;
    }
    if (next.value.length === 0) continue;
    // One write per JumpCloud page: at most 100 members are ever held as text.
    await out.write(separator + next.value.map((member) => JSON.stringify(member)).join(','));
    separator = ',';
  }
  await out.write(']}');
}

/** Sends one group (200/201) with its ETag (RFC 7644 §3.14) and, for a creation, its Location. */
async function sendGroup(res: Response, status: number, view: GroupView): Promise<void> {
  // The first member page is read before the status line, so a 404/503 on it is still an error answer.
  const pages = view.members?.()[Symbol.asyncIterator]();
  const first = pages ? await pages.next() : undefined;
  res.status(status).type(SCIM_CONTENT_TYPE).setHeader('ETag', view.etag);
  if (status === 201 && typeof view.resource.meta?.location === 'string') res.setHeader('Location', view.resource.meta.location);
  const out = new JsonWriter(res);
  await writeGroup(out, view, pages && first ? { pages, first } : undefined);
  res.end();
}

/** Sends a ListResponse whose groups (and their members) are written one after another. */
async function sendGroupList(res: Response, list: GroupList): Promise<void> {
  const head = JSON.stringify(
    list.startIndex === undefined
      ? { schemas: [URN.listResponse], totalResults: list.totalResults, itemsPerPage: list.groups.length, ...(list.nextCursor ? { nextCursor: list.nextCursor } : {}), Resources: [] }
      : listResponse([], { totalResults: list.totalResults, startIndex: list.startIndex, itemsPerPage: list.groups.length }),
  );
  res.status(200).type(SCIM_CONTENT_TYPE);
  const out = new JsonWriter(res);
  // `Resources` is the last key of the ListResponse: open its array, fill it, close it.
  await out.write(head.slice(0, -2));
  for (const [index, view] of list.groups.entries()) {
    if (index > 0) await out.write(',');
    await writeGroup(out, view);
  }
  await out.write(']}');
  res.end();
}

/** `attributes` or `excludedAttributes` present in the query (any letter case). */
function asksForResource(query: Record<string, unknown>): boolean {
  return Object.keys(query).some((key) => ['attributes', 'excludedattributes'].includes(key.toLowerCase()));
}

/** `/Groups`: thin HTTP over the groups provider (RFC 7644 §3.3 - §3.6). */
export function groupsRoutes(groups: GroupsProvider, options: GroupsRoutesOptions): Router {
  const router = Router();
  const scope = (req: Parameters<typeof requestScope>[0]) => requestScope(req, options);
  const query = (req: { query: unknown }) => req.query as Record<string, unknown>;

  router.get('/Groups', async (req, res) => {
    await sendGroupList(res, await groups.list(query(req), scope(req)));
  });

  router.get('/Groups/:id', async (req, res) => {
    const answer = await groups.get(req.params.id, scope(req), projectionOf(query(req)), preconditionsOf(req));
    if ('notModified' in answer) {
      res.setHeader('ETag', answer.etag);
      res.status(304).end();
      return;
    }
    await sendGroup(res, 200, answer);
  });

  router.post('/Groups', async (req, res) => {
    await sendGroup(res, 201, await groups.create(req.body, scope(req), projectionOf(query(req))));
  });

  router.put('/Groups/:id', async (req, res) => {
    await sendGroup(res, 200, await groups.replace(req.params.id, req.body, scope(req), preconditionsOf(req), projectionOf(query(req))));
  });

  // Group PATCH answers 204 (what Entra ID expects) unless the client asked for attributes.
  router.patch('/Groups/:id', async (req, res) => {
    const projection = asksForResource(query(req)) ? projectionOf(query(req)) : undefined;
    const view = await groups.patch(req.params.id, req.body, scope(req), preconditionsOf(req), projection);
    if (!view) {
      res.status(204).end();
      return;
    }
    await sendGroup(res, 200, view);
  });

  router.delete('/Groups/:id', async (req, res) => {
    await groups.delete(req.params.id, scope(req), preconditionsOf(req));
    res.status(204).end();
  });

  return router;
}
