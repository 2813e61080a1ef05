import { Router, type RequestHandler } from 'express';
import type { UsersProvider } from '../../provider/users.provider';
import type { GroupsProvider } from '../../provider/groups.provider';
import { groupsRoutes } from './groups.routes';
import { ScimError } from '../../scim/scim-error';
import { requireScimAuth, type ScimCredentials } from '../auth.middleware';
import type { DiscoveryDocuments } from '../../scim/discovery';
import { discoveryRoutes } from './discovery.routes';
import { scimJsonBody } from './scim-body.middleware';
import { toleratesUsersSuffix } from './users-suffix-tolerance.middleware';
import { usersRoutes } from './users.routes';
import type { BulkProvider } from '../../provider/bulk.provider';
import type { PagingConfig } from '../../scim/list';
import { bulkRoutes } from './bulk.routes';
import { searchRoutes } from './search.routes';

export interface ScimRouterDependencies {
  credentials: ScimCredentials;
  discovery: DiscoveryDocuments;
  users: UsersProvider;
  groups: GroupsProvider;
  scimBasePath: string;
  publicBaseUrl?: string;
  /** Host names a request's Host may carry when publicBaseUrl is unset (PUBLIC_HOSTS); unset = any well-formed one. */
  publicHosts?: readonly string[];
  /** Largest accepted request body, e.g. '1mb'. */
  bodyLimit: string;
  bulk: BulkProvider;
  /** bulk.maxPayloadSize: /Bulk bodies have their own limit (RFC 7644 §3.7.4). */
  bulkMaxPayloadBytes: number;
  /** Paging of root-level searches across resource types. */
  paging: PagingConfig;
  /** Guards that need the authenticated client (per-client limits, upstream throttling), run right after auth. */
  afterAuth?: RequestHandler[];
}

/** Everything under the SCIM base path: auth first, then bodies, discovery, resources. */
export function scimRouter(deps: ScimRouterDependencies): Router {
  const router = Router();
  const options = { scimBasePath: deps.scimBasePath, publicBaseUrl: deps.publicBaseUrl, publicHosts: deps.publicHosts };
  router.use(toleratesUsersSuffix());
  router.use(requireScimAuth(deps.credentials));
  if (deps.afterAuth && deps.afterAuth.length > 0) router.use(deps.afterAuth);
  // /Bulk parses its own body under bulk.maxPayloadSize, so it comes before the general parser.
  router.use(bulkRoutes(deps.bulk, { ...options, maxPayloadBytes: deps.bulkMaxPayloadBytes }));
  router.use(scimJsonBody(deps.bodyLimit));
  router.use(discoveryRoutes(deps.discovery, options));
  // Before the resource routes: a /<Type>/.search continues as that type's GET.
  router.use(searchRoutes({ ...options, users: deps.users, groups: deps.groups, paging: deps.paging }));
  router.use(usersRoutes(deps.users, options));
  router.use(groupsRoutes(deps.groups, options));
  // RFC 7644 §3.11: /Me is optional; the bridge has no notion of "the authenticated user".
  router.all(['/Me', '/Me/*rest'], () => {
    throw ScimError.status(501, 'The /Me endpoint is not supported by this service provider.');
  });
  return router;
}
