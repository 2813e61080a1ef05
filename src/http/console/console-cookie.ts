import type { Request, Response } from 'express';

/** The session cookie's name. */
export const CONSOLE_COOKIE = 'scim_console';
/** Scoped to the console: the SCIM and admin routes never see it. */
const COOKIE_PATH = '/console';

/** The session id the request's Cookie header carries, if any (no cookie-parser: one cookie, read here). */
export function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CONSOLE_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site send), Secure under TLS. */
export function setSessionCookie(res: Response, id: string, secure: boolean): void {
  res.cookie(CONSOLE_COOKIE, id, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure });
}

/** Clears the session cookie (sign-out, or a session that expired). */
export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(CONSOLE_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure });
}
