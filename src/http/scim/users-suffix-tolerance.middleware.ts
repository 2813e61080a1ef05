import type { RequestHandler } from 'express';

// The SCIM endpoints a client may reach below the base; a base URL that wrongly ends in /Users
// puts `/Users` in front of each of them. Not `.search`: `/Users/.search` is the Users search
// (RFC 7644 §3.4.3), and `/Users/Users/.search` already reaches it through `Users`.
const ENDPOINT_AFTER_USERS = /^\/Users(\/(?:Users|Groups|Schemas|ResourceTypes|ServiceProviderConfigs?|Bulk|Me)(?:[/?].*)?)$/;

/**
 * Tolerates a SCIM base URL configured with a trailing `/Users` (many SailPoint guides say to
 * append it): `/Users/Users/{id}`, `/Users/Schemas`, ... are served as `/Users/{id}`, `/Schemas`.
 * Safe because resource ids are 24-hex JumpCloud ids, never one of these endpoint names.
 */
export function toleratesUsersSuffix(): RequestHandler {
  return (req, _res, next) => {
    const match = ENDPOINT_AFTER_USERS.exec(req.url);
    if (match?.[1]) req.url = match[1];
    next();
  };
}
