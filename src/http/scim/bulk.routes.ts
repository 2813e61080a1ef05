import { Router, type RequestHandler } from 'express';
import type { BulkProvider } from '../../provider/bulk.provider';
import { ScimError } from '../../scim/scim-error';
import { sendScim } from '../scim-response';
import { requestScope } from './request-scope';
import { scimJsonBody } from './scim-body.middleware';

export interface BulkRoutesOptions {
  scimBasePath: string;
  publicBaseUrl?: string;
  /** Host names a request's Host may carry when publicBaseUrl is unset (PUBLIC_HOSTS); unset = any well-formed one. */
  publicHosts?: readonly string[];
  /** bulk.maxPayloadSize: the largest Bulk body, in bytes. */
  maxPayloadBytes: number;
}

/**
 * `POST /Bulk` (RFC 7644 §3.7). The body is parsed here with the Bulk limit rather than the
 * general body limit, and a larger body is the 413 of §3.7.4 with a detail naming the limit;
 * mount this router BEFORE the general body parser. The answer is 200 with one result per
 * operation attempted, whatever those operations' own statuses.
 */
export function bulkRoutes(bulk: BulkProvider, options: BulkRoutesOptions): Router {
  const router = Router();
  const [requireJson, parse] = scimJsonBody(String(options.maxPayloadBytes)) as [RequestHandler, RequestHandler];
  const parseWithinLimit: RequestHandler = (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        const length = (err as { length?: number }).length;
        const size = typeof length === 'number' ? `is ${length} bytes` : 'is larger than that';
        next(ScimError.status(413, `The Bulk request body ${size}; this service accepts at most ${options.maxPayloadBytes} bytes per Bulk request (bulk.maxPayloadSize in /ServiceProviderConfig).`));
        return;
      }
      next(err);
    });

  router.post('/Bulk', requireJson, parseWithinLimit, async (req, res) => {
    sendScim(res, 200, await bulk.process(req.body, requestScope(req, options)));
  });
  return router;
}
