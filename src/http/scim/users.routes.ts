import { Router, type Response } from 'express';
import type { UsersProvider } from '../../provider/users.provider';
import type { ResourceAnswer } from '../../provider/provider-types';
import { sendScim } from '../scim-response';
import { preconditionsOf, projectionOf, requestScope } from './request-scope';

export interface UsersRoutesOptions {
  scimBasePath: string;
  publicBaseUrl?: string;
  /** Host names a request's Host may carry when publicBaseUrl is unset (PUBLIC_HOSTS); unset = any well-formed one. */
  publicHosts?: readonly string[];
}

/** Sends one resource with its ETag (RFC 7644 §3.14) and, for a creation, its Location (§3.3). */
function sendResource(res: Response, status: number, answer: ResourceAnswer): void {
  res.setHeader('ETag', answer.etag);
  if (status === 201 && typeof answer.resource.meta?.location === 'string') res.setHeader('Location', answer.resource.meta.location);
  sendScim(res, status, answer.resource);
}

/** `/Users`: thin HTTP over the users provider (RFC 7644 §3.3 - §3.6). */
export function usersRoutes(users: UsersProvider, options: UsersRoutesOptions): Router {
  const router = Router();
  const scope = (req: Parameters<typeof requestScope>[0]) => requestScope(req, options);

  router.get('/Users', async (req, res) => {
    sendScim(res, 200, await users.list(req.query as Record<string, unknown>, scope(req)));
  });

  router.get('/Users/:id', async (req, res) => {
    const answer = await users.get(req.params.id, scope(req), projectionOf(req.query as Record<string, unknown>), preconditionsOf(req));
    if ('notModified' in answer) {
      res.setHeader('ETag', answer.etag);
      res.status(304).end();
      return;
    }
    sendResource(res, 200, answer);
  });

  router.post('/Users', async (req, res) => {
    sendResource(res, 201, await users.create(req.body, scope(req)));
  });

  router.put('/Users/:id', async (req, res) => {
    sendResource(res, 200, await users.replace(req.params.id, req.body, scope(req), preconditionsOf(req)));
  });

  router.patch('/Users/:id', async (req, res) => {
    sendResource(res, 200, await users.patch(req.params.id, req.body, scope(req), preconditionsOf(req)));
  });

  router.delete('/Users/:id', async (req, res) => {
    await users.delete(req.params.id, scope(req), preconditionsOf(req));
    res.status(204).end();
  });

  return router;
}
