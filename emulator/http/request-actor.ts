import type { Request } from 'express';
import type { Actor, EmulatorOptions } from '../context';
import { apiKeyActor } from '../default-options';

/**
 * Who made a change arriving over the API: the admin the API key belongs to, with `auth_method`
 * and `initiated_by.source` as `options.apiKeyAuthMethod` / `apiKeyEventSource` say at this very
 * request (they can be flipped at run time, so the actor is never built once and kept), plus the
 * caller's address and `User-Agent` for DI `client_ip` and `useragent`.
 */
export function requestActor(req: Request, options: EmulatorOptions): Actor {
  const actor: Actor = apiKeyActor(options);
  const clientIp = req.ip ?? req.socket.remoteAddress;
  if (clientIp !== undefined) actor.clientIp = clientIp;
  const userAgent = req.get('user-agent');
  if (userAgent !== undefined) actor.userAgent = userAgent;
  return actor;
}
