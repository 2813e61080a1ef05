import { Router } from 'express';
import type { GroupsProvider } from '../../provider/groups.provider';
import type { GroupView } from '../../provider/group-view';
import type { RequestScope } from '../../provider/provider-types';
import type { UsersProvider } from '../../provider/users.provider';
import type { ListResponse, PagingConfig } from '../../scim/list';
import { parseSearchRequest, searchAcrossTypes, type TypeSearcher } from '../../scim/search';
import { URN, type ScimResource } from '../../scim/scim-urns';
import { sendScim } from '../scim-response';
import { requestScope } from './request-scope';

export interface SearchRoutesDependencies {
  users: UsersProvider;
  groups: GroupsProvider;
  paging: PagingConfig;
  scimBasePath: string;
  publicBaseUrl?: string;
  /** Host names a request's Host may carry when publicBaseUrl is unset (PUBLIC_HOSTS); unset = any well-formed one. */
  publicHosts?: readonly string[];
}

const ENDPOINT_SEARCH = /^\/(Users|Groups)\/\.search$/i;

/**
 * `POST /Users/.search`, `POST /Groups/.search` and root `POST /.search` (RFC 7644 §3.4.3).
 *
 * A resource-type search is served by that type's own GET route: the SearchRequest becomes the
 * query string and the request continues as `GET /<Type>`, so a search answers exactly what the
 * GET answers (filters, paging, cursors, projection, streamed group members) with no second copy
 * of the list code. Mount these routes before the resource routes.
 *
 * A root search returns Users then Groups (see `searchAcrossTypes` for paging across types).
 */
export function searchRoutes(deps: SearchRoutesDependencies): Router {
  const router = Router();
  const scope = (req: Parameters<typeof requestScope>[0]) => requestScope(req, deps);

  router.post(['/Users/.search', '/Groups/.search'], (req, _res, next) => {
    const query = parseSearchRequest(req.body);
    const endpoint = ENDPOINT_SEARCH.exec(req.path)?.[1]?.toLowerCase() === 'groups' ? '/Groups' : '/Users';
    req.method = 'GET';
    req.url = `${endpoint}?${new URLSearchParams(query).toString()}`;
    next();
  });

  router.post('/.search', async (req, res) => {
    const query = parseSearchRequest(req.body);
    const at = scope(req);
    const searchers: TypeSearcher<ScimResource>[] = [
      { resourceType: 'User', list: async (q) => (await deps.users.list(q, at)) as ListResponse<ScimResource> },
      { resourceType: 'Group', list: (q) => groupPage(deps.groups, q, at) },
    ];
    sendScim(res, 200, await searchAcrossTypes(query, searchers, deps.paging));
  });

  return router;
}

/**
 * One page of groups as a plain ListResponse, members gathered per group: a root search mixes
 * types in one array, so it cannot stream a group's members the way `GET /Groups` does.
 */
async function groupPage(groups: GroupsProvider, query: Record<string, unknown>, scope: RequestScope): Promise<ListResponse<ScimResource>> {
  const list = await groups.list(query, scope);
  const Resources = await Promise.all(list.groups.map(withMembers));
  // Root search refuses cursors, so this list is always index-paged.
  return { schemas: [URN.listResponse], totalResults: list.totalResults, itemsPerPage: Resources.length, startIndex: list.startIndex ?? 1, Resources };
}

async function withMembers(view: GroupView): Promise<ScimResource> {
  if (!view.members) return view.resource;
  const members: unknown[] = [];
  for await (const page of view.members()) members.push(...page);
  // An empty member list is unassigned (RFC 7643 §2.5), as the GET answer leaves it out.
  return members.length > 0 ? { ...view.resource, members } : view.resource;
}
