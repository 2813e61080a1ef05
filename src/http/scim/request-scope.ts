import type { Request } from 'express';
import type { Preconditions, RequestScope } from '../../provider/provider-types';

/**
 * The public SCIM base URL for this request: the configured public origin, else the request's own
 * scheme and Host (what the client used, so meta.location points where it can reach).
 */
export function requestScope(req: Request, options: { publicBaseUrl?: string; scimBasePath: string }): RequestScope {
  const origin = options.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
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
