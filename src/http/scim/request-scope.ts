import type { Request } from 'express';
import type { Preconditions, RequestScope } from '../../provider/provider-types';
import { ScimError } from '../../scim/scim-error';
import { publicOrigin, type PublicOriginOptions } from '../public-origin';

/**
 * The public SCIM base URL for this request: the configured public origin, else the request's own
 * scheme and Host (what the client used, so meta.location points where it can reach) when that
 * Host is well formed and allowed (PUBLIC_HOSTS). Otherwise a 400 before anything is done: the
 * answer's Location and meta.location must not point at a host the caller made up.
 */
export function requestScope(req: Request, options: PublicOriginOptions & { scimBasePath: string }): RequestScope {
  const origin = publicOrigin(req, options);
  if (origin === undefined) {
    throw ScimError.status(
      400,
      options.publicHosts === undefined
        ? 'The Host header is not a valid host name or address (with an optional port); send the host this service is reached at.'
        : 'The Host header names a host this service does not answer to; send one of the host names the operator configured (PUBLIC_HOSTS).',
    );
  }
  return { scimBaseUrl: `${origin}${options.scimBasePath}` };
}

/** If-Match / If-None-Match of the request (RFC 7644 §3.14). */
export function preconditionsOf(req: Request): Preconditions {
  return { ifMatch: req.get('if-match') ?? undefined, ifNoneMatch: req.get('if-none-match') ?? undefined };
}

/** `attributes` / `excludedAttributes` query parameters, comma separated (RFC 7644 §3.9). */
export function projectionOf(query: Record<string, unknown>): { attributes?: string[]; excludedAttributes?: string[] } {
  const list = (value: unknown): string[] | undefined =>
    typeof value === 'string' && value.trim() !== ''
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      : undefined;
  return { attributes: list(query.attributes), excludedAttributes: list(query.excludedAttributes) };
}
