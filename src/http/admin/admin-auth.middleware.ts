import type { RequestHandler } from 'express';
import { currentRequestContext } from '../../logging/request-context';
import { ScimError } from '../../scim/scim-error';
import { sameSecret } from '../auth.middleware';

/** The label the admin credential carries in logs and the audit trail (never the token). */
export const ADMIN_CLIENT_LABEL = 'admin';

/**
 * Requires `Authorization: Bearer <ADMIN_TOKEN>` on every admin route. Only that token is
 * accepted: a SCIM token is refused here, as the admin token is refused on the SCIM routes
 * (the configuration refuses an ADMIN_TOKEN equal to a SCIM token). Compared in constant time
 * by the same comparison as the SCIM credentials. A failure is a 401 with a Bearer challenge.
 */
export function requireAdminAuth(adminToken: string | readonly string[]): RequestHandler {
  // A tenant's own token and the provider-wide one (TENANTS_FILE); each compared, no early exit.
  const accepted = typeof adminToken === 'string' ? [adminToken] : adminToken;
  return (req, res, next) => {
    const header = req.headers.authorization;
    const [scheme, ...rest] = (header ?? '').trim().split(/\s+/);
    const presented = /^bearer$/i.test(scheme ?? '') ? rest.join(' ') : undefined;
    const matches = presented === undefined ? [] : accepted.map((token) => sameSecret(presented, token));
    if (!matches.includes(true)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      next(
        ScimError.status(
          401,
          header ? 'The credentials in the Authorization header are not valid for the admin endpoints (they take ADMIN_TOKEN, not a SCIM token).' : 'Authentication required: send "Authorization: Bearer <ADMIN_TOKEN>".',
        ),
      );
      return;
    }
    res.locals.client = ADMIN_CLIENT_LABEL;
    const context = currentRequestContext();
    if (context) context.client = ADMIN_CLIENT_LABEL;
    next();
  };
}
