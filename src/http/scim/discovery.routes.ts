import { Router } from 'express';
import type { DiscoveryDocuments } from '../../scim/discovery';
import { sendScim } from '../scim-response';
import { requestScope } from './request-scope';

/**
 * Discovery endpoints (RFC 7644 §4). Paging and filter parameters are ignored, as §4 says.
 * `/ServiceProviderConfigs` is served too: SailPoint's own documentation spells it so.
 */
export function discoveryRoutes(documents: DiscoveryDocuments, options: { scimBasePath: string; publicBaseUrl?: string; publicHosts?: readonly string[] }): Router {
  const router = Router();
  const base = (req: Parameters<typeof requestScope>[0]): string => requestScope(req, options).scimBaseUrl;
  router.get(['/ServiceProviderConfig', '/ServiceProviderConfigs'], (req, res) => sendScim(res, 200, documents.serviceProviderConfig(base(req))));
  router.get('/ResourceTypes', (req, res) => sendScim(res, 200, documents.resourceTypes(base(req))));
  router.get('/ResourceTypes/:id', (req, res) => sendScim(res, 200, documents.resourceType(req.params.id, base(req))));
  router.get('/Schemas', (req, res) => sendScim(res, 200, documents.schemas(base(req))));
  router.get('/Schemas/:urn', (req, res) => sendScim(res, 200, documents.schema(req.params.urn, base(req))));
  return router;
}
