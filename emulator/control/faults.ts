import type { Request, RequestHandler, Response } from 'express';
import { type FaultRule, isRegexPath, readFaultRule } from './fault-rule';

/** A rule as the injector holds it: an id to show, and how many more times it applies. */
export interface ActiveFaultRule extends FaultRule {
  id: string;
  /** Times the rule has been applied. */
  applied: number;
}

/** JumpCloud-shaped `{message}` bodies for the statuses a fault answers. */
const MESSAGES: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const CONTROL_PREFIX = '/__emulator';

/**
 * Fault injection switched at run time: answers chosen requests with 429/5xx (with or without
 * `Retry-After`), delays them, or drops the connection; before the route runs or after it (state
 * changed, answer lost). The first rule that matches a request (method, path, then a `rate` roll)
 * applies; a rule with `count` expires after that many applications. `/__emulator` is never
 * faulted, so a test can always clear the faults it set.
 */
export class FaultInjector {
  private rules: (ActiveFaultRule & { matchPath: (path: string) => boolean })[] = [];
  private nextId = 1;
  private readonly random: () => number;

  /** @param random the `rate` dice (tests pass a fixed sequence). */
  constructor(opts: { random?: () => number } = {}) {
    this.random = opts.random ?? Math.random;
  }

  /** Replaces every rule. Throws 400 (`EmulatorHttpError`) on an invalid rule, changing nothing. */
  set(rules: unknown[]): ActiveFaultRule[] {
    const valid = rules.map(readFaultRule);
    this.rules = [];
    return valid.map((rule) => this.push(rule));
  }

  /** Appends rules (all or none: validated first). */
  add(rules: unknown[]): ActiveFaultRule[] {
    return rules.map(readFaultRule).map((rule) => this.push(rule));
  }

  /** The rules in force, in the order they are tried. */
  list(): ActiveFaultRule[] {
    return this.rules.map(({ matchPath: _matchPath, ...rule }) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The middleware; mount it before the API routes and after the `/__emulator` controls. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const path = req.originalUrl.split('?')[0] ?? '';
      if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
        next();
        return;
      }
      const rule = this.take(req.method, path);
      if (!rule) {
        next();
        return;
      }
      const act = () => this.apply(rule, req, res, next);
      if (rule.latencyMs) setTimeout(act, rule.latencyMs);
      else act();
    };
  }

  private apply(rule: FaultRule, req: Request, res: Response, next: (err?: unknown) => void): void {
    if (rule.status === undefined && !rule.drop) {
      next(); // latency only
      return;
    }
    if (rule.phase === 'after') {
      replaceAnswer(res, () => (rule.drop ? req.socket.destroy() : sendFault(res, rule)));
      next();
      return;
    }
    if (rule.drop) req.socket.destroy();
    else sendFault(res, rule);
  }

  /** The first rule that applies to this request, counting the application. */
  private take(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method !== undefined && rule.method !== method.toUpperCase()) continue;
      if (!rule.matchPath(path)) continue;
      if (rule.rate !== undefined && !(this.random() < rule.rate)) continue;
      rule.applied += 1;
      if (rule.count !== undefined && rule.applied >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return rule;
    }
    return undefined;
  }

  private push(rule: FaultRule): ActiveFaultRule {
    const active = { ...rule, id: `fault-${this.nextId++}`, applied: 0, matchPath: pathMatcher(rule.path) };
    this.rules.push(active);
    const { matchPath: _matchPath, ...view } = active;
    return view;
  }
}

function pathMatcher(path: string | undefined): (requestPath: string) => boolean {
  if (path === undefined) return () => true;
  if (isRegexPath(path)) {
    const pattern = new RegExp(path.slice(1, -1));
    return (requestPath) => pattern.test(requestPath);
  }
  return (requestPath) => requestPath.startsWith(path);
}

function sendFault(res: Response, rule: FaultRule): void {
  const status = rule.status ?? 500;
  if (rule.retryAfter !== undefined) res.set('Retry-After', String(rule.retryAfter));
  res.status(status).json({ message: MESSAGES[status] ?? 'Error' });
}

/**
 * Lets the route run to completion but swallows what it writes; when it ends its response,
 * clears the headers it set and calls `replacement` instead (send a fault, or drop the socket).
 */
function replaceAnswer(res: Response, replacement: () => void): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const restore = () => Object.assign(res, original);
  res.writeHead = function swallowWriteHead() {
    return res;
  } as typeof res.writeHead;
  res.write = function swallowWrite() {
    return true;
  } as typeof res.write;
  res.end = function replaceEnd() {
    restore();
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = 200;
    replacement();
    return res;
  } as typeof res.end;
}
