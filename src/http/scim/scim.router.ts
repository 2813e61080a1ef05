import { Router } from 'express';
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

export interface ScimRouterDependencies {
  credentials: ScimCredentials;
  discovery: DiscoveryDocuments;
  users: UsersProvider;
  groups: GroupsProvider;
  scimBasePath: string;
  publicBaseUrl?: string;
  /** Largest accepted request body, e.g. '1mb'. */
  bodyLimit: string;
}

/** Everything under the SCIM base path: auth first, then bodies, discovery, resources. */
export function scimRouter(deps: ScimRouterDependencies): Router {
  const router = Router();
  const options = { scimBasePath: deps.scimBasePath, publicBaseUrl: deps.publicBaseUrl };
  router.use(toleratesUsersSuffix());
  router.use(requireScimAuth(deps.credentials));
  router.use(scimJsonBody(deps.bodyLimit));
  router.use(discoveryRoutes(deps.discovery, options));
  router.use(usersRoutes(deps.users, options));
  router.use(groupsRoutes(deps.groups, options));
  // RFC 7644 §3.11: /Me is optional; the bridge has no notion of "the authenticated user".
  router.all(['/Me', '/Me/*rest'], () => {
    throw ScimError.status(501, 'The /Me endpoint is not supported by this service provider.');
  });
  return router;
}
