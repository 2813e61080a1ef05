import { Router, type Request, type RequestHandler } from 'express';
import { sameSecret } from '../auth.middleware';
import { FailureThrottle } from '../oauth-failure-throttle';
import type { ConsoleAccess } from './console-access';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './console-cookie';
import type { ConsoleSession, ConsoleSessions } from './console-sessions';

/** Where the signed-in session is kept for the routes after `requireConsoleSession`. */
const SESSION_LOCAL = 'consoleSession';

/** The session of a request that passed `requireConsoleSession`. */
export function consoleSessionOf(res: { locals: Record<string, unknown> }): ConsoleSession {
  return res.locals[SESSION_LOCAL] as ConsoleSession;
}

/**
 * The live session of the request's cookie, or undefined: unknown, expired, or granted by a token
 * no longer configured with the same reach (rotated, or its tenant removed, at a reload), which
 * ends the session there and then.
 */
function liveSession(req: Request, sessions: ConsoleSessions, access: ConsoleAccess): ConsoleSession | undefined {
  const id = sessionIdOf(req);
  const session = sessions.touch(id);
  if (session && id !== undefined && !access.holds(session.grant)) {
    sessions.remove(id);
    return undefined;
  }
  return session;
}

/**
 * Every console API route after this needs a live session (401 `signed_out` otherwise) and,
 * unless it only reads (GET, HEAD), the session's CSRF token in `X-CSRF-Token` (403 `csrf`).
 * The cookie alone cannot change anything: another site can make a browser send it, not read the token.
 */
export function requireConsoleSession(sessions: ConsoleSessions, access: ConsoleAccess, secure: boolean): RequestHandler {
  return (req, res, next) => {
    const session = liveSession(req, sessions, access);
    if (!session) {
      if (sessionIdOf(req) !== undefined) clearSessionCookie(res, secure);
      res.status(401).json({ error: 'signed_out' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const presented = req.get('X-CSRF-Token');
      if (presented === undefined || !sameSecret(presented, session.csrfToken)) {
        res.status(403).json({ error: 'csrf' });
        return;
      }
    }
    res.locals[SESSION_LOCAL] = session;
    res.locals.client = session.label;
    next();
  };
}

/**
 * `POST /session` (sign in with an admin token, in the body: never a URL), `GET /session` (who
 * am I: the CSRF token after a reload), `DELETE /session` (sign out; CSRF checked). A wrong
 * token is a 401; after five from one address, that address waits 1 s, 2 s, 4 s ... (like the
 * OAuth token endpoint), so the token cannot be guessed through the console.
 */
export function consoleSessionRoutes(deps: { sessions: ConsoleSessions; access: ConsoleAccess; secure: boolean; now: () => number }): Router {
  const router = Router();
  const throttle = new FailureThrottle({ now: deps.now });
  const view = (session: ConsoleSession) => {
    const tenants = deps.access.tenantsOf(session.grant);
    return { ...deps.sessions.view(session), ...(tenants ? { tenants } : {}) };
  };
  router.post('/session', (req, res) => {
    const keys = [`console:${req.ip ?? 'unknown'}`];
    const wait = throttle.waitSeconds(keys);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({ error: 'throttled' });
      return;
    }
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const presented = typeof body.token === 'string' ? body.token : '';
    const grant = deps.access.grantFor(presented);
    if (!grant) {
      throttle.fail(keys);
      res.status(401).json({ error: 'invalid_token' });
      return;
    }
    throttle.succeed(keys);
    const previous = sessionIdOf(req);
    // A fresh id at every sign-in: an id planted before sign-in never becomes a signed-in one.
    if (previous !== undefined) deps.sessions.remove(previous);
    const { id, session } = deps.sessions.create(grant);
    setSessionCookie(res, id, deps.secure);
    res.json(view(session));
  });
  router.get('/session', (req, res) => {
    const session = liveSession(req, deps.sessions, deps.access);
    if (!session) {
      // A question, not a protected resource: "signed out" is an answer (a 401 here would be logged
      // as a failed load by the browser at every visit of the sign-in page).
      res.json({ signedIn: false });
      return;
    }
    res.json(view(session));
  });
  router.delete('/session', requireConsoleSession(deps.sessions, deps.access, deps.secure), (req, res) => {
    const id = sessionIdOf(req);
    if (id !== undefined) deps.sessions.remove(id);
    clearSessionCookie(res, deps.secure);
    res.status(204).end();
  });
  return router;
}
