import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleGrant } from './console-access';

/** A session ends after this long without a request. */
export const CONSOLE_IDLE_TIMEOUT_MS = 15 * 60 * 1000;
/** A session ends this long after sign-in, however busy. */
export const CONSOLE_ABSOLUTE_TIMEOUT_MS = 8 * 60 * 60 * 1000;

/** How long a session lives: since its last request (idle), and since sign-in (absolute). */
export interface ConsoleSessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}
/** Most sessions held at once (the oldest is dropped beyond that, so sign-ins cannot grow memory). */
const MAX_SESSIONS = 1000;

/** One signed-in operator, held server-side: the cookie carries only the random id. */
export interface ConsoleSession {
  csrfToken: string;
  createdAtMs: number;
  lastSeenAtMs: number;
  /** `console:<first 8 hex of SHA-256 of the id>`: names the session in the journal without revealing the id. */
  label: string;
  /** What the session may see, and a digest of the token that granted it. */
  grant: ConsoleGrant;
}

/** What the session endpoints answer. */
export interface SessionView {
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
  /** With tenants: the tenants this session may see (the picker's choices). */
  tenants?: string[];
}

/** 32 random bytes, base64url: unguessable ids and CSRF tokens. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The console's sessions, in memory (a restart signs everyone out, which is the safe direction).
 * Expiry is checked on every read with the injected clock: idle 15 min, absolute 8 h.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeouts: ConsoleSessionTimeouts = { idleMs: CONSOLE_IDLE_TIMEOUT_MS, absoluteMs: CONSOLE_ABSOLUTE_TIMEOUT_MS },
  ) {}

  /** Starts a session with what its sign-in granted; returns its id (for the cookie only) and the session. */
  create(grant: ConsoleGrant): { id: string; session: ConsoleSession } {
    const id = randomToken();
    const now = this.now();
    const session: ConsoleSession = {
      csrfToken: randomToken(),
      createdAtMs: now,
      lastSeenAtMs: now,
      label: `console:${createHash('sha256').update(id).digest('hex').slice(0, 8)}`,
      grant,
    };
    this.sessions.set(id, session);
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
    return { id, session };
  }

  /** The live session with this id, its idle timer restarted; undefined (and forgotten) when expired or unknown. */
  touch(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastSeenAtMs >= this.timeouts.idleMs || now - session.createdAtMs >= this.timeouts.absoluteMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAtMs = now;
    return session;
  }

  /** Ends a session (sign-out). */
  remove(id: string): void {
    this.sessions.delete(id);
  }

  /** The session as the API shows it: CSRF token and both expiry times. */
  view(session: ConsoleSession): SessionView {
    const absolute = session.createdAtMs + this.timeouts.absoluteMs;
    const idle = Math.min(session.lastSeenAtMs + this.timeouts.idleMs, absolute);
    return { csrfToken: session.csrfToken, expiresAt: new Date(absolute).toISOString(), idleExpiresAt: new Date(idle).toISOString() };
  }
}
